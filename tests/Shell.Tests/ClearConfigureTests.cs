namespace AsaEmu.Shell.Tests;

public class ClearConfigureTests
{
    private static async Task<(ShowHarness H, string Output)> After(params string[] commands)
    {
        var h = new ShowHarness(ShowHarness.VpnConfig);
        var (m, t) = await h.Open();
        using (m)
        {
            await ShowHarness.Run(m, t, "configure terminal");
            var output = "";
            foreach (var c in commands) output += await ShowHarness.Run(m, t, c);
            return (h, output);
        }
    }

    private static async Task<string> Run(string show, params string[] commands)
    {
        var (h, output) = await After(commands);
        using (h)
        {
            Assert.Equal("", output);
            return await h.Show(show);
        }
    }

    [Fact]
    public async Task Crypto_map_and_dynamic_map()
    {
        Assert.Equal("", await Run("show running-config crypto map", "clear configure crypto map MAP"));
        Assert.Equal("", await Run("show running-config crypto dynamic-map", "clear configure crypto dynamic-map"));
        Assert.Contains("crypto map MAP", await Run("show running-config crypto map", "clear configure crypto map OTHER"));
    }

    [Fact]
    public async Task All_of_crypto_or_only_ikev1()
    {
        // The 9.x defaults every config shows are back after the clear.
        Assert.Equal("crypto ipsec security-association pmtu-aging infinite\r\ncrypto ca trustpool policy\r\n",
            await Run("show running-config crypto", "clear configure crypto"));
        var left = await Run("show running-config crypto", "clear configure crypto ikev1");
        Assert.DoesNotContain("ikev1 policy", left);
        Assert.Contains("crypto map MAP interface outside", left);
    }

    [Fact]
    public async Task Vpn_objects()
    {
        Assert.Equal("", await Run("show running-config tunnel-group", "clear configure tunnel-group EZ"));
        Assert.Equal("", await Run("show running-config group-policy", "clear configure tunnel-group", "clear configure group-policy EZ"));
        Assert.Equal("username admin password $sha512$5000$DoK3sJ6PlEsE1LfSqHu4Vw==$0IRt32v4YF+9NDCnQMtiDg== pbkdf2 privilege 15\r\n",
            await Run("show running-config username", "clear configure username cisco"));
        Assert.Equal("", await Run("show running-config username", "clear configure username"));
        Assert.Equal("", await Run("show running-config access-list", "clear configure access-list SPLIT"));
        Assert.Equal("", await Run("show running-config ip local pool", "clear configure ip local pool POOL"));
    }

    [Fact]
    public async Task Management_routing_and_kept_sections()
    {
        Assert.Equal("", await Run("show running-config route", "clear configure route"));
        Assert.Equal("ssh stricthostkeycheck\r\nssh timeout 5\r\nssh key-exchange group dh-group1-sha1\r\n",
            await Run("show running-config ssh", "clear configure ssh"));
        Assert.Equal("", await Run("show running-config aaa", "clear configure aaa"));
        Assert.Equal("", await Run("show running-config logging", "clear configure logging"));
        Assert.Equal("", await Run("show running-config timeout", "clear configure timeout"));
    }

    [Fact]
    public async Task An_unknown_section_is_refused_with_the_caret_and_changes_nothing()
    {
        var (h, output) = await After("clear configure frobnicate");
        using (h)
        {
            // The caret under the section (after the prompt the harness opened at: it runs lines without printing prompts).
            Assert.Equal(new string(' ', "ciscoasa# clear configure ".Length) + "^\r\nERROR: % Invalid input detected at '^' marker.\r\n", output);
            Assert.DoesNotContain("clear", await h.Show("show running-config"));
        }
    }

    [Fact]
    public async Task Clear_configure_alone_is_incomplete()
    {
        var (h, output) = await After("clear configure");
        using (h) Assert.Equal("ERROR: % Incomplete command\r\n", output);
    }

    [Fact]
    public async Task Clear_configure_is_a_config_mode_command()
    {
        using var h = new ShowHarness(ShowHarness.VpnConfig);
        Assert.Equal(new string(' ', "ciscoasa# clear ".Length) + "^\r\nERROR: % Invalid input detected at '^' marker.\r\n",
            await h.Show("clear configure route"));
    }
}
