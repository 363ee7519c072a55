using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Rendering;
using static AsaEmu.ConfigModel.Tests.AccessListCommandTests;

namespace AsaEmu.ConfigModel.Tests;

/// <summary>
/// The group-policy lines a remote-access session is held to (nem, ipsec-udp, vpn-access-hours with
/// time-range), vpn-addr-assign, and what an AAA server's answer changes in the effective policy.
/// </summary>
public class RemoteAccessPolicyTests
{
    private static IReadOnlyList<string> PolicyLines(AsaConfig config) =>
        RunningConfigRenderer.Slice(config, ["group-policy"], unmasked: true);

    [Fact]
    public void Nem_ipsec_udp_and_access_hours_are_shown_in_the_asas_order_and_inherited()
    {
        var result = Load("time-range WORK\n periodic weekdays 8:00 to 18:00\n" +
            "group-policy HW internal\ngroup-policy HW attributes\n ipsec-udp-port 10500\n nem enable\n vpn-access-hours value WORK\n ipsec-udp enable\n");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["group-policy HW internal", "group-policy HW attributes", " vpn-access-hours value WORK", " ipsec-udp enable",
            " ipsec-udp-port 10500", " nem enable"], PolicyLines(result.Config).Where(l => !l.StartsWith("group-policy DfltGrpPolicy", StringComparison.Ordinal)));
        var p = EffectivePolicy.Resolve(ConfigLoader.Load("tunnel-group T type remote-access\ntunnel-group T general-attributes\n default-group-policy HW\n",
            start: result.Config).Config, "T", null);
        Assert.True(p.Nem);
        Assert.True(p.IpsecUdp);
        Assert.Equal(10500, p.IpsecUdpPort);
        Assert.Equal("WORK", p.VpnAccessHours);
        var defaults = EffectivePolicy.Resolve(result.Config, null, null);
        Assert.False(defaults.Nem);
        Assert.False(defaults.IpsecUdp);
        Assert.Equal(10000, defaults.IpsecUdpPort);
        Assert.Null(defaults.VpnAccessHours);
    }

    [Fact]
    public void Dflt_grp_policy_shows_the_new_defaults_under_show_running_config_all()
    {
        var all = RunningConfigRenderer.Slice(ConfigLoader.Load("").Config, ["group-policy"], unmasked: true, showDefaults: true);

        Assert.Contains(" vpn-access-hours none", all);
        Assert.Contains(" ipsec-udp disable", all);
        Assert.Contains(" ipsec-udp-port 10000", all);
        Assert.Contains(" nem disable", all);
    }

    [Fact]
    public void Port_4500_is_refused_for_ipsec_udp_and_an_unknown_time_range_is_warned_about()
    {
        var result = Load("group-policy HW internal\ngroup-policy HW attributes\n ipsec-udp-port 4500\n vpn-access-hours value NIGHT\n");

        Assert.Equal(["ERROR: Port 4500 is reserved for IPsec NAT-T", "WARNING: time-range NIGHT does not exist"],
            result.Diagnostics.Select(d => d.Message));
        Assert.Equal(10000, EffectivePolicy.Resolve(result.Config, null, null).IpsecUdpPort);
    }

    [Fact]
    public void Vpn_addr_assign_stores_only_what_is_turned_off_and_the_reuse_delay()
    {
        var result = Load("no vpn-addr-assign aaa\nno vpn-addr-assign dhcp\nvpn-addr-assign local reuse-delay 5\n");
        Assert.Equal([], result.Diagnostics.Select(d => d.Message));
        var config = result.Config;

        Assert.Equal(["no vpn-addr-assign aaa", "no vpn-addr-assign dhcp", "vpn-addr-assign local reuse-delay 5"], Lines(config, "no vpn-addr-assign").Concat(Lines(config, "vpn-addr-assign")));
        Assert.False(config.AssignsBy(VpnAddrAssignOff.Aaa));
        Assert.True(config.AssignsBy(VpnAddrAssignOff.Local));
        Assert.Equal(TimeSpan.FromMinutes(5), config.AddressReuseDelay());

        var again = ConfigLoader.Load("vpn-addr-assign aaa\nno vpn-addr-assign local reuse-delay 5\n", start: config).Config;
        Assert.True(again.AssignsBy(VpnAddrAssignOff.Aaa));
        Assert.Equal(TimeSpan.Zero, again.AddressReuseDelay());
        Assert.Equal(["no vpn-addr-assign dhcp"], Lines(again, "no vpn-addr-assign").Concat(Lines(again, "vpn-addr-assign")));
    }

    [Theory]
    [InlineData("periodic weekdays 8:00 to 18:00", "2024-06-03T08:00:00Z", true)] // a Monday
    [InlineData("periodic weekdays 8:00 to 18:00", "2024-06-03T18:00:30Z", true)]
    [InlineData("periodic weekdays 8:00 to 18:00", "2024-06-03T18:01:00Z", false)]
    [InlineData("periodic weekdays 8:00 to 18:00", "2024-06-08T10:00:00Z", false)] // Saturday
    [InlineData("periodic weekend 0:00 to 23:59", "2024-06-09T12:00:00Z", true)] // Sunday
    [InlineData("periodic Monday Wednesday 9:00 to 10:00", "2024-06-05T09:30:00Z", true)]
    [InlineData("periodic Monday Wednesday 9:00 to 10:00", "2024-06-04T09:30:00Z", false)]
    [InlineData("periodic Friday 20:00 to Monday 6:00", "2024-06-09T23:00:00Z", true)] // across the week's end
    [InlineData("periodic Friday 20:00 to Monday 6:00", "2024-06-10T07:00:00Z", false)]
    [InlineData("periodic daily 0:00 to 23:59", "2024-06-04T23:59:59Z", true)]
    [InlineData("absolute start 8:00 1 June 2024 end 17:00 30 June 2024", "2024-06-30T17:00:40Z", true)]
    [InlineData("absolute start 8:00 1 June 2024 end 17:00 30 June 2024", "2024-07-01T00:00:00Z", false)]
    [InlineData("absolute start 8:00 1 June 2024", "2024-05-31T23:00:00Z", false)]
    public void A_time_range_admits_the_times_its_lines_name(string line, string at, bool active)
    {
        var config = Load($"time-range R\n {line}\n").Config;

        Assert.Equal(active, TimeRanges.Find(config, "R")!.IsActive(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Absolute_and_periodic_lines_must_both_admit()
    {
        var range = TimeRanges.Parse("R", [" absolute end 0:00 1 January 2030", " periodic weekdays 9:00 to 17:00"]);

        Assert.True(range.IsActive(DateTimeOffset.Parse("2025-01-06T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.False(range.IsActive(DateTimeOffset.Parse("2030-01-06T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Null(TimeRanges.Find(ConfigLoader.Load("").Config, "R"));
    }

    private const string ServerConfig =
        "group-policy EZ internal\ngroup-policy EZ attributes\n dns-server value 10.0.0.1\n vpn-idle-timeout 30\n" +
        "group-policy OTHER internal\ngroup-policy OTHER attributes\n dns-server value 10.9.9.9\n split-tunnel-policy excludespecified\n" +
        "username ann password pw\nusername ann attributes\n vpn-framed-ip-address 10.1.1.1 255.255.255.0\n vpn-simultaneous-logins 7\n" +
        "tunnel-group T type remote-access\ntunnel-group T general-attributes\n default-group-policy EZ\n";

    [Fact]
    public void An_aaa_servers_class_selects_the_group_policy_and_its_timeouts_win()
    {
        var config = ConfigLoader.Load(ServerConfig).Config;
        var server = new ServerAttributes(FromServer: true)
        {
            GroupPolicy = "OTHER", FramedIp = Ipv4.Parse("10.2.2.2"), SessionTimeout = TimeSpan.FromSeconds(90), IdleTimeout = TimeSpan.FromSeconds(45),
        };

        var p = EffectivePolicy.Resolve(config, "T", "ann", null, server);

        Assert.Equal(["OTHER", "EZ", "DfltGrpPolicy"], p.PolicyChain);
        Assert.Equal([Ipv4.Parse("10.9.9.9")], p.DnsServers);
        Assert.Equal("excludespecified", p.SplitTunnelPolicy);
        Assert.Equal(Ipv4.Parse("10.2.2.2"), p.FramedIp);
        Assert.Null(p.FramedMask);
        Assert.Equal(TimeSpan.FromSeconds(90), p.SessionTimeout);
        Assert.Equal(TimeSpan.FromSeconds(45), p.IdleTimeout);
        // The local account of the same name lends nothing to a user the server authenticated.
        Assert.Equal(3, p.SimultaneousLogins);
    }

    [Fact]
    public void A_user_the_local_database_authenticated_keeps_the_local_attributes()
    {
        var config = ConfigLoader.Load(ServerConfig).Config;

        var p = EffectivePolicy.Resolve(config, "T", "ann", null, new ServerAttributes(FromServer: false));

        Assert.Equal(["EZ", "DfltGrpPolicy"], p.PolicyChain);
        Assert.Equal(Ipv4.Parse("10.1.1.1"), p.FramedIp);
        Assert.Equal(7, p.SimultaneousLogins);
        Assert.Equal(TimeSpan.FromMinutes(30), p.IdleTimeout);
        Assert.Null(p.SessionTimeout);
    }
}
