using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Rendering;

namespace AsaEmu.ConfigModel.Tests;

public class ClearConfigureAndDefaultsTests
{
    private const string Vpn =
        "interface GigabitEthernet0/0\n nameif outside\n ip address 203.0.113.1 255.255.255.0\n" +
        "crypto ipsec ikev1 transform-set TRA esp-aes esp-sha-hmac\n" +
        "crypto dynamic-map DYN 10 set ikev1 transform-set TRA\n" +
        "crypto map MAP 65000 ipsec-isakmp dynamic DYN\n" +
        "crypto map MAP interface outside\n" +
        "crypto ikev1 enable outside\n" +
        "crypto ikev1 policy 10\n authentication pre-share\n" +
        "crypto isakmp identity address\n" +
        "ip local pool POOL 10.10.10.1-10.10.10.9\n" +
        "route outside 0.0.0.0 0.0.0.0 203.0.113.254 1\n" +
        "logging enable\nlogging buffered debugging\nlogging buffer-size 8192\n" +
        "timeout xlate 3:00:00\n";

    private static AsaConfig Load(string text, AsaConfig? start = null)
    {
        var result = ConfigLoader.Load(text, start: start);
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == Severity.Error);
        return result.Config;
    }

    private static IReadOnlyList<string> Slice(AsaConfig config, params string[] words) => RunningConfigRenderer.Slice(config, words, unmasked: false);

    [Fact]
    public void Crypto_sections_clear_from_a_config_file_as_from_the_cli()
    {
        var config = Load(Vpn);

        Assert.Empty(Slice(Load("clear configure crypto map MAP\n", config), "crypto", "map"));
        Assert.NotEmpty(Slice(Load("clear configure crypto map MAP\n", config), "crypto", "dynamic-map"));
        Assert.Empty(Slice(Load("clear configure crypto dynamic-map DYN\n", config), "crypto", "dynamic-map"));
        var noIke = Load("clear configure crypto isakmp\n", config);
        Assert.Empty(Slice(noIke, "crypto", "ikev1"));
        Assert.Empty(Slice(noIke, "crypto", "isakmp"));
        Assert.NotEmpty(Slice(noIke, "crypto", "map"));
        // The 9.x defaults come back after a clear, as every config shows them.
        Assert.Equal(CryptoRenderTests.NineXDefaults, Slice(Load("clear configure crypto\n", config), "crypto"));
    }

    [Fact]
    public void Pools_routes_logging_and_kept_sections_clear()
    {
        var config = Load(Vpn);

        Assert.Empty(Load("clear configure ip local pool\n", config).All<IpLocalPool>());
        Assert.Empty(Load("clear configure route\n", config).All<StaticRoute>());
        var noLogging = Load("clear configure logging\n", config);
        Assert.Empty(Slice(noLogging, "logging"));
        Assert.Empty(Slice(Load("clear configure timeout\n", config), "timeout"));
    }

    [Fact]
    public void A_clear_configure_line_is_never_kept_as_config()
    {
        var config = Load(Vpn + "clear configure all\nclear configure timeout\n");

        Assert.DoesNotContain(RunningConfigRenderer.Body(config, unmasked: false), l => l.StartsWith("clear", StringComparison.Ordinal));
    }

    [Fact]
    public void Show_defaults_adds_the_ipsec_lifetime_and_isakmp_defaults_only_when_asked()
    {
        var config = Load("crypto ipsec security-association lifetime kilobytes 10000\n");

        Assert.Equal(["crypto ipsec security-association lifetime kilobytes 10000", "crypto ipsec security-association pmtu-aging infinite"],
            RunningConfigRenderer.Slice(config, ["crypto", "ipsec"], unmasked: false));
        Assert.Equal(["crypto ipsec security-association lifetime seconds 28800", "crypto ipsec security-association lifetime kilobytes 10000",
            "crypto ipsec security-association replay window-size 64", "crypto ipsec security-association pmtu-aging infinite"],
            RunningConfigRenderer.Slice(config, ["crypto", "ipsec"], unmasked: false, showDefaults: true));
        Assert.Equal(["crypto isakmp identity auto", "crypto isakmp nat-traversal 20"],
            RunningConfigRenderer.Slice(config, ["crypto", "isakmp"], unmasked: false, showDefaults: true));
    }

    [Fact]
    public void Show_defaults_renders_a_lan_to_lan_group_with_its_own_defaults_and_kept_lines()
    {
        var config = Load("tunnel-group 198.51.100.9 type ipsec-l2l\n" +
            "tunnel-group 198.51.100.9 general-attributes\n strip-realm\n" +
            "tunnel-group 198.51.100.9 ipsec-attributes\n ikev1 pre-shared-key secret\n");

        var lines = RunningConfigRenderer.Slice(config, ["tunnel-group", "198.51.100.9"], unmasked: false, showDefaults: true);

        Assert.Contains(" strip-realm", lines);
        Assert.DoesNotContain(" no strip-realm", lines);
        Assert.Contains(" isakmp keepalive threshold 10 retry 2", lines);
        Assert.Contains(" ikev1 user-authentication none", lines);
        Assert.Contains(" ikev1 pre-shared-key *****", lines);
        Assert.Equal("tunnel-group 198.51.100.9 type ipsec-l2l", lines[0]);
    }

    [Fact]
    public void Clear_configure_all_returns_to_the_factory_config_with_bare_interfaces()
    {
        var config = Load("hostname edge\n" + Vpn + "mtu outside 1400\n");

        var cleared = Load("clear configure all\n", config);

        Assert.Null(cleared.Get<Hostname>());
        Assert.Empty(cleared.All<CryptoMap>());
        Assert.Empty(cleared.All<StaticRoute>());
        Assert.NotNull(cleared.Get<TunnelGroup>(TunnelGroup.DefaultRemoteAccess));
        var outside = Assert.Single(cleared.All<Interface>());
        Assert.Equal(["interface GigabitEthernet0/0", " shutdown", " no nameif", " no security-level", " no ip address"],
            RunningConfigRenderer.Slice(cleared, ["interface"], unmasked: false));
        Assert.Equal(Interface.DefaultMtu, outside.Mtu);
        // The cleared interface can be named again: the nameif index was reset too.
        Assert.NotNull(Load("interface GigabitEthernet0/0\n nameif outside\n", cleared).Get<Interface>("GigabitEthernet0/0")?.NameIf);
    }

    [Fact]
    public void Identity_sections_and_mtu_clear()
    {
        var config = Load("hostname edge\ndomain-name example.com\nnames\nname 192.168.1.10 dns1\n" + Vpn + "mtu outside 1400\n");

        Assert.Null(Load("clear configure hostname\n", config).Get<Hostname>());
        Assert.Null(Load("clear configure domain-name\n", config).Get<DomainName>());
        Assert.Empty(Load("clear configure names\n", config).All<NameEntry>());
        Assert.All(Load("clear configure mtu\n", config).All<Interface>(), i => Assert.Equal(Interface.DefaultMtu, i.Mtu));
    }
}
