using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Rendering;

namespace AsaEmu.ConfigModel.Tests;

/// <summary>The crypto lines of the seed config and of real device captures render back as the ASA shows them.</summary>
public class CryptoRenderTests
{
    private static string Fixture(params string[] parts) =>
        File.ReadAllText(Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]));

    /// <summary>Named interfaces that the captures' <c>crypto map ... interface</c> lines refer to.</summary>
    private const string Interfaces =
        "interface GigabitEthernet0/0\n security-level 0\n nameif outside\n" +
        "interface GigabitEthernet0/1\n security-level 0\n nameif WAN1\n" +
        "interface GigabitEthernet0/2\n security-level 0\n nameif S2SVPN\n";

    [Fact]
    public void Seed_crypto_lines_render_as_the_9x_skeleton()
    {
        var text = Fixture("seed-config.txt");
        var result = ConfigLoader.Load(text);

        string[] policyLines = ["authentication pre-share", "encryption aes", "hash sha", "group 2", "lifetime 86400"];
        Assert.DoesNotContain(result.Diagnostics, d => d.Line.StartsWith("crypto", StringComparison.Ordinal) || policyLines.Contains(d.Line.Trim()));

        Assert.Equal(
        [
            "crypto ipsec ikev1 transform-set TRA esp-aes esp-sha-hmac ",
            "crypto ipsec security-association lifetime seconds 28800",
            "crypto ipsec security-association lifetime kilobytes 4608000",
            "crypto ipsec security-association pmtu-aging infinite",
            "crypto dynamic-map DYN 10 set ikev1 transform-set TRA",
            "crypto dynamic-map DYN 10 set reverse-route",
            "crypto map MAP 65000 ipsec-isakmp dynamic DYN",
            "crypto map MAP interface outside",
            "crypto ca trustpool policy",
            "crypto ikev1 enable outside",
            "crypto ikev1 policy 10",
            " authentication pre-share",
            " encryption aes",
            " hash sha",
            " group 2",
            " lifetime 86400",
        ], RunningConfigRenderer.Slice(result.Config, ["crypto"], unmasked: false));
    }

    [Theory]
    [InlineData("ntc-templates__cisco_asa_show_running-config_all_crypto_map.cfg")]
    [InlineData("ntc-templates__cisco_asa_show_running-config_all_crypto_map2.cfg")]
    [InlineData("ntc-templates__cisco_asa_show_running-config_crypto_map.cfg")]
    [InlineData("ntc-templates__cisco_asa_show_running-config_crypto_map2.cfg")]
    [InlineData("ntc-templates__cisco_asa_show_running-config_ipsec.cfg")]
    public void Crypto_captures_render_back_byte_for_byte(string file)
    {
        var capture = Fixture("real-configs", file);
        var result = ConfigLoader.Load(Interfaces + capture);

        Assert.Equal(0, result.Errors);
        var expected = ConfigLoader.SplitLines(capture).Where(l => !l.StartsWith('!') && l.Length > 0).ToList();
        var body = RunningConfigRenderer.Body(result.Config, unmasked: false).ToList();
        var start = body.IndexOf(expected[0]);
        Assert.True(start >= 0, $"first line missing: {expected[0]}");
        Assert.Equal(expected, body.Skip(start).Take(expected.Count));
    }

    [Fact]
    public void Ikev1_policy_capture_renders_back_byte_for_byte_and_typed_lines_canonically()
    {
        var capture = Fixture("real-configs", "ntc-templates__cisco_asa_show_running-config_crypto_ikev1.cfg");
        Assert.Contains(" group 5      \n", capture, StringComparison.Ordinal);

        var loaded = ConfigLoader.Load(capture);
        var typed = ConfigLoader.Load(capture, keepSpacing: false);

        Assert.Empty(loaded.Diagnostics);
        var lines = ConfigLoader.SplitLines(capture).Where(l => l.Length > 0).ToList();
        Assert.Equal(lines, CryptoSlice(loaded.Config));
        Assert.Equal(lines.Select(l => l.TrimEnd()), CryptoSlice(typed.Config));
    }

    [Fact]
    public void Unmodelled_entry_settings_stay_inside_their_entry_in_loaded_order()
    {
        var result = ConfigLoader.Load(Interfaces + """
            crypto map M 20 set ikev2 ipsec-proposal P1
            crypto map M 10 match address A
            crypto map M 10 set connection-type answer-only
            crypto map M 10 set peer 192.0.2.1
            crypto map M 10 set phase1-mode aggressive
            crypto map M 10 set transform-set T
            no crypto map M 10 set tfc-packets
            crypto map M 10 set nat-t-disable
            crypto map M 10 set reverse-route
            """);

        Assert.Equal(0, result.Errors);
        Assert.Equal(
        [
            "crypto map M 10 match address A",
            "crypto map M 10 set connection-type answer-only",
            "crypto map M 10 set peer 192.0.2.1",
            "crypto map M 10 set ikev1 phase1-mode aggressive",
            "crypto map M 10 set ikev1 transform-set T",
            "no crypto map M 10 set tfc-packets",
            "crypto map M 10 set nat-t-disable",
            "crypto map M 10 set reverse-route",
            "crypto map M 20 set ikev2 ipsec-proposal P1",
        ], CryptoLines(result.Config));
    }

    [Fact]
    public void Maps_print_in_creation_order_entries_by_sequence_and_binding_after_entries()
    {
        var result = ConfigLoader.Load(Interfaces + """
            crypto map B interface WAN1
            crypto map B 30 ipsec-isakmp dynamic DYN
            crypto map A 20 set peer 192.0.2.2
            crypto map A 10 set peer 192.0.2.1
            crypto map A interface outside
            crypto map B 5 set peer 192.0.2.5
            crypto dynamic-map DYN 20 set pfs group14
            crypto dynamic-map DYN 10 set pfs
            """);

        Assert.Equal(
        [
            "crypto dynamic-map DYN 10 set pfs",
            "crypto dynamic-map DYN 20 set pfs group14",
            "crypto map B 5 set peer 192.0.2.5",
            "crypto map B 30 ipsec-isakmp dynamic DYN",
            "crypto map B interface WAN1",
            "crypto map A 10 set peer 192.0.2.1",
            "crypto map A 20 set peer 192.0.2.2",
            "crypto map A interface outside",
        ], CryptoLines(result.Config));
    }

    [Fact]
    public void Global_isakmp_settings_print_before_ikev1_enable_in_9x_form()
    {
        var result = ConfigLoader.Load(keepSpacing: false, text: Interfaces + """
            crypto isakmp policy 20
            crypto isakmp enable outside
            crypto isakmp identity address
            crypto isakmp nat-traversal 30
            crypto isakmp am-disable
            crypto ipsec transform-set T esp-3des esp-md5-hmac
            crypto ipsec transform-set T mode transport
            crypto ipsec security-association pmtu-aging infinite
            crypto ipsec security-association lifetime seconds 3600
            """);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(
        [
            "crypto ipsec ikev1 transform-set T esp-3des esp-md5-hmac ",
            "crypto ipsec ikev1 transform-set T mode transport",
            "crypto ipsec security-association lifetime seconds 3600",
            "crypto ipsec security-association pmtu-aging infinite",
            "crypto ca trustpool policy",
            "crypto isakmp identity address ",
            "crypto isakmp nat-traversal 30",
            "crypto ikev1 am-disable",
            "crypto ikev1 enable outside",
            "crypto ikev1 policy 20",
            " authentication pre-share",
            " encryption 3des",
            " hash sha",
            " group 2",
            " lifetime 86400",
        ], RunningConfigRenderer.Slice(result.Config, ["crypto"], unmasked: false));
    }

    [Fact]
    public void Default_global_isakmp_settings_are_hidden()
    {
        var result = ConfigLoader.Load("crypto isakmp nat-traversal\ncrypto isakmp nat-traversal 20\ncrypto isakmp identity auto\n");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(NineXDefaults, RunningConfigRenderer.Slice(result.Config, ["crypto"], unmasked: false));
        Assert.Equal(NatTraversal.Default, result.Config.EffectiveNatTraversal());
    }

    /// <summary>The crypto lines the config itself gave: the defaults every 9.x config shows are left out (<see cref="NineXDefaults"/>).</summary>
    internal static List<string> CryptoLines(AsaConfig config) =>
        RunningConfigRenderer.Body(config, unmasked: false)
            .Where(l => l.StartsWith("crypto ", StringComparison.Ordinal) || l.StartsWith("no crypto ", StringComparison.Ordinal))
            .Where(l => !NineXDefaults.Contains(l))
            .ToList();

    /// <summary><c>show running-config crypto</c> without the 9.x defaults.</summary>
    internal static List<string> CryptoSlice(AsaConfig config) =>
        RunningConfigRenderer.Slice(config, ["crypto"], unmasked: false).Where(l => !NineXDefaults.Contains(l)).ToList();

    /// <summary>The crypto lines a 9.x show running-config always has, configured or not.</summary>
    internal static readonly string[] NineXDefaults = ["crypto ipsec security-association pmtu-aging infinite", "crypto ca trustpool policy"];

    [Fact]
    public void The_9x_crypto_defaults_show_in_every_config_and_once_when_loaded()
    {
        // [S] every 9.x device capture prints these two lines after the IPsec globals, configured or not.
        Assert.Equal(NineXDefaults, RunningConfigRenderer.Body(AsaConfig.Empty, unmasked: false).Where(l => l.StartsWith("crypto ", StringComparison.Ordinal)));
        var loaded = ConfigLoader.Load("crypto ipsec security-association pmtu-aging infinite\ncrypto ca trustpool policy\n").Config;
        Assert.Equal(NineXDefaults, RunningConfigRenderer.Body(loaded, unmasked: false).Where(l => l.StartsWith("crypto ", StringComparison.Ordinal)));
        var changed = ConfigLoader.Load("crypto ipsec security-association pmtu-aging 20\n").Config;
        Assert.Equal(["crypto ipsec security-association pmtu-aging 20", "crypto ca trustpool policy"],
            RunningConfigRenderer.Body(changed, unmasked: false).Where(l => l.StartsWith("crypto ", StringComparison.Ordinal)));
    }
}
