using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Rendering;

namespace AsaEmu.ConfigModel.Tests;

/// <summary><c>crypto ipsec df-bit</c> and <c>crypto ipsec fragmentation</c>: typed, per interface, defaults hidden.</summary>
public class IpsecPathCommandTests
{
    private const string Interfaces =
        "interface GigabitEthernet0/0\n nameif outside\n security-level 0\n ip address 203.0.113.1 255.255.255.0\n" +
        "interface GigabitEthernet0/1\n nameif inside\n security-level 100\n ip address 192.168.1.1 255.255.255.0\n";

    private static AsaConfig Load(string text)
    {
        var result = ConfigLoader.Load(Interfaces + text, keepSpacing: false);
        Assert.Equal(0, result.Errors);
        return result.Config;
    }

    private static ApplyResult Apply(AsaConfig config, string line) => new ConfigSession(ConfigGrammar.Default).Apply(config, line);

    [Fact]
    public void Non_default_policies_print_after_the_sa_lifetime_and_before_the_maps()
    {
        var config = Load("""
            crypto dynamic-map DYN 10 set reverse-route
            crypto ipsec df-bit clear-df outside
            crypto ipsec fragmentation after-encryption outside
            crypto ipsec df-bit set-df inside
            crypto ipsec security-association lifetime seconds 3600
            """);

        Assert.Equal(
        [
            "crypto ipsec security-association lifetime seconds 3600",
            "crypto ipsec df-bit clear-df outside",
            "crypto ipsec fragmentation after-encryption outside",
            "crypto ipsec df-bit set-df inside",
            "crypto dynamic-map DYN 10 set reverse-route",
        ], CryptoRenderTests.CryptoLines(config));
        Assert.Equal((2, 1), (config.Count<IpsecDfBit>(), config.Count<IpsecFragmentation>()));
    }

    [Fact]
    public void The_defaults_and_the_no_forms_remove_the_line()
    {
        var config = Load("""
            crypto ipsec df-bit clear-df outside
            crypto ipsec fragmentation after-encryption outside
            crypto ipsec df-bit set-df inside
            crypto ipsec fragmentation after-encryption inside
            """);
        config = Apply(config, "crypto ipsec df-bit copy-df outside").Config;
        config = Apply(config, "crypto ipsec fragmentation before-encryption outside").Config;
        config = Apply(config, "no crypto ipsec df-bit set-df inside").Config;
        Assert.Equal(["crypto ipsec fragmentation after-encryption inside"], CryptoRenderTests.CryptoLines(config));
        config = Apply(config, "no crypto ipsec fragmentation after-encryption inside").Config;
        Assert.Empty(CryptoRenderTests.CryptoLines(config));
    }

    [Fact]
    public void A_new_policy_replaces_the_old_one_in_its_place()
    {
        var config = Load("crypto ipsec df-bit clear-df outside\ncrypto ipsec df-bit clear-df inside\n");
        config = Apply(config, "crypto ipsec df-bit set-df outside").Config;
        Assert.Equal(["crypto ipsec df-bit set-df outside", "crypto ipsec df-bit clear-df inside"], CryptoRenderTests.CryptoLines(config));
    }

    [Fact]
    public void The_path_policy_of_an_address_is_its_interfaces_mtu_df_bit_and_fragmentation()
    {
        var config = Load("mtu outside 1400\ncrypto ipsec df-bit clear-df outside\ncrypto ipsec fragmentation after-encryption outside\n");

        Assert.Equal(new IpsecPathPolicy("outside", 1400, DfBitPolicy.ClearDf, false), config.IpsecPathPolicyFor(Ipv4.Parse("203.0.113.1")));
        Assert.Equal(new IpsecPathPolicy("inside", 1500, DfBitPolicy.CopyDf, true), config.IpsecPathPolicyFor(Ipv4.Parse("192.168.1.1")));
        Assert.Equal(IpsecPathPolicy.Default, config.IpsecPathPolicyFor(Ipv4.Parse("198.51.100.1")));
    }

    [Fact]
    public void Show_running_config_all_prints_the_defaults_of_the_other_interfaces()
    {
        var config = Load("crypto ipsec df-bit clear-df outside\n");
        var lines = RunningConfigRenderer.Slice(config, ["crypto", "ipsec"], unmasked: false, showDefaults: true)
            .Where(l => l.Contains("df-bit", StringComparison.Ordinal) || l.Contains("fragmentation", StringComparison.Ordinal));
        Assert.Equal(
        [
            "crypto ipsec fragmentation before-encryption outside",
            "crypto ipsec fragmentation before-encryption inside",
            "crypto ipsec df-bit copy-df inside",
            "crypto ipsec df-bit clear-df outside",
        ], lines);
    }

    [Theory]
    [InlineData("crypto ipsec df-bit clear-df dmz")]
    [InlineData("crypto ipsec fragmentation after-encryption dmz")]
    public void An_unknown_interface_is_refused(string line)
    {
        var result = Apply(Load(""), line);
        Assert.Contains(result.Messages, m => m.Severity == Severity.Error && m.Text == "Interface name \"dmz\" not found");
        Assert.Empty(CryptoRenderTests.CryptoLines(result.Config));
    }

    [Theory]
    [InlineData("crypto ipsec df-bit keep-df outside", "keep-df")]
    [InlineData("crypto ipsec fragmentation during-encryption outside", "during-encryption")]
    public void A_bad_keyword_gets_the_caret(string line, string badWord)
    {
        var result = Apply(Load(""), line);
        Assert.NotNull(result.Error);
        Assert.Equal(LineErrorKind.InvalidInput, result.Error.Kind);
        Assert.Equal(line.IndexOf(" " + badWord, StringComparison.Ordinal) + 1, result.Error.Column);
    }
}
