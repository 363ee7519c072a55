using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;

namespace AsaEmu.Crypto.Tests.Ike;

/// <summary>
/// The group policy held to, an EzVPN client engine against the headend: group-lock,
/// vpn-simultaneous-logins, vpn-access-hours, the split-exclude list, ipsec-udp's port, backup-servers,
/// address pools in vpn-addr-assign order with their reuse delay, and the vpn-filter each SA carries.
/// </summary>
public class GroupPolicyEnforcementTests
{
    private static RemoteAccessProfile Profile(params ushort[] extra) =>
        new(EnginePair.Client500, EnginePair.Headend500, "EZ", "cisco", "cisco", "cisco")
        {
            RequestedAttributes = [.. new RemoteAccessProfile(EnginePair.Client500, EnginePair.Headend500, "", "", "", "").RequestedAttributes, .. extra],
        };

    private static EnginePair Pair(string config, params ushort[] extra) => new(config, Profile(extra));

    private static IEnumerable<string> Texts(EnginePair.Side side) => side.Events.Select(e => e.Text);

    [Fact]
    public void Group_lock_to_another_tunnel_group_refuses_the_user_with_713060()
    {
        var pair = Pair("tunnel-group OTHER type remote-access\ngroup-policy EZ attributes\n group-lock value OTHER\n").Connect();

        Assert.Empty(pair.Headend.Engine.Sas);
        Assert.Empty(pair.Headend.Installed);
        Assert.Contains(pair.Headend.Events, e => e.Syslog?.Id == 713060
            && e.Text == "Tunnel Rejected: User (cisco) not member of group (EZ), group-lock check failed.");
        Assert.Contains("The headend refused the user (XAUTH status FAIL)", Texts(pair.Client));

        var locked = Pair("group-policy EZ attributes\n group-lock value EZ\n").Connect();
        Assert.True(locked.Headend.Sa.Established);
    }

    [Fact]
    public void At_the_simultaneous_login_limit_the_oldest_session_is_logged_off_and_zero_refuses_the_user()
    {
        var pair = Pair("group-policy EZ attributes\n vpn-simultaneous-logins 2\n").Connect();
        var first = pair.Headend.Engine.Sas.Single();
        pair.At(EnginePair.Start.AddMinutes(1)).Connect();
        Assert.Equal(2, pair.Headend.Engine.Sas.Count);

        pair.At(EnginePair.Start.AddMinutes(2)).Connect();

        Assert.Equal(2, pair.Headend.Engine.Sas.Count(s => s.Established));
        Assert.DoesNotContain(first, pair.Headend.Engine.Sas);
        Assert.Contains("Session is being torn down. Reason: Port Preempted", Texts(pair.Headend));
        Assert.Contains("User (cisco) reached the maximum of 2 simultaneous logins: logging off the session idle longest", Texts(pair.Headend));

        var none = Pair("group-policy EZ attributes\n vpn-simultaneous-logins 0\n").Connect();
        Assert.Empty(none.Headend.Engine.Sas);
        Assert.Contains("Tunnel Rejected: User (cisco) is not allowed any simultaneous logins (vpn-simultaneous-logins 0)", Texts(none.Headend));
    }

    [Fact]
    public void A_login_outside_the_access_hours_is_refused_and_one_inside_is_let_in()
    {
        // EnginePair.Start is Friday 27 November 2026, 14:00 UTC.
        var closed = Pair("time-range NIGHTS\n periodic daily 20:00 to 23:59\ngroup-policy EZ attributes\n vpn-access-hours value NIGHTS\n").Connect();
        Assert.Empty(closed.Headend.Engine.Sas);
        Assert.Contains("Tunnel Rejected: User (cisco) is not allowed access at this time (time-range NIGHTS)", Texts(closed.Headend));

        var open = Pair("time-range WORK\n periodic weekdays 8:00 to 18:00\ngroup-policy EZ attributes\n vpn-access-hours value WORK\n").Connect();
        Assert.True(open.Headend.Sa.Established);
    }

    [Fact]
    public void Excludespecified_sends_the_split_exclude_list_and_no_include()
    {
        var pair = Pair("access-list local standard permit 0.0.0.0 255.255.255.255\naccess-list local standard permit 192.168.50.0 255.255.255.0\n" +
            "group-policy EZ attributes\n split-tunnel-policy excludespecified\n split-tunnel-network-list value local\n", ModeCfgAttributes.UnityLocalLan).Connect();

        var grant = pair.Client.Sa.Configuration!;
        Assert.Equal([(Ipv4.Any, Ipv4.HostMask), (Ipv4.Parse("192.168.50.0"), Ipv4.Parse("255.255.255.0"))], grant.SplitExclude);
        Assert.Empty(grant.SplitInclude);

        // vpnc asks only for UNITY_SPLIT_INCLUDE: it gets the exclude list all the same.
        var vpnc = Pair("access-list local standard permit 192.168.50.0 255.255.255.0\n" +
            "group-policy EZ attributes\n split-tunnel-policy excludespecified\n split-tunnel-network-list value local\n").Connect();
        Assert.Equal([(Ipv4.Parse("192.168.50.0"), Ipv4.Parse("255.255.255.0"))], vpnc.Client.Sa.Configuration!.SplitExclude);
    }

    [Fact]
    public void Ipsec_udp_gives_its_port_to_a_client_that_asks()
    {
        const string Enabled = "group-policy EZ attributes\n ipsec-udp enable\n ipsec-udp-port 10500\n";
        var enabled = Pair(Enabled, ModeCfgAttributes.UnityNattPort).Connect();
        Assert.Equal((ushort)10500, enabled.Client.Sa.Configuration!.IpsecUdpPort);
        // This pair negotiated NAT-T, which takes precedence: its SA stays on 4500.
        Assert.Null(Assert.Single(enabled.Headend.Installed).IpsecUdpPort);

        // Without NAT-T (vpnc in cisco-udp mode) the session's SAs carry the port: the dataplane sends their ESP in UDP on it.
        var cisco = new EnginePair(Enabled, Profile(ModeCfgAttributes.UnityNattPort) with { NatTraversal = false }).Connect();
        var child = Assert.Single(cisco.Headend.Installed);
        Assert.Equal(((ushort?)10500, false), (child.IpsecUdpPort, child.UdpEncapsulated));

        var disabled = Pair("", ModeCfgAttributes.UnityNattPort).Connect();
        Assert.Null(disabled.Client.Sa.Configuration!.IpsecUdpPort);
        Assert.Null(Assert.Single(disabled.Headend.Installed).IpsecUdpPort);

        // A client that did not ask keeps ESP as it negotiated it.
        var notAsked = new EnginePair(Enabled, Profile() with { NatTraversal = false }).Connect();
        Assert.Null(notAsked.Client.Sa.Configuration!.IpsecUdpPort);
        Assert.Null(Assert.Single(notAsked.Headend.Installed).IpsecUdpPort);
    }

    [Theory]
    [InlineData("", null)] // keep-client-config: nothing sent
    [InlineData(" backup-servers 198.18.0.5 198.18.0.6\n", "198.18.0.5,198.18.0.6")]
    [InlineData(" backup-servers clear-client-config\n", "")]
    public void Backup_servers_keep_sends_nothing_a_list_sends_it_and_clear_sends_it_empty(string line, string? expected)
    {
        var pair = Pair("group-policy EZ attributes\n" + line, ModeCfgAttributes.UnityBackupServers).Connect();

        Assert.Equal(expected, pair.Client.Sa.Configuration!.BackupServers);
    }

    [Fact]
    public void The_group_policys_pools_win_over_the_tunnel_groups_and_no_vpn_addr_assign_aaa_skips_the_framed_address()
    {
        const string Pools = "ip local pool GP 198.19.5.10-198.19.5.20 mask 255.255.255.0\ngroup-policy EZ attributes\n address-pools value GP\n";
        Assert.Equal(Ipv4.Parse("198.19.5.10"), Pair(Pools).Connect().Client.Sa.AssignedAddress);

        const string Framed = "username cisco attributes\n vpn-framed-ip-address 198.19.9.9 255.255.255.0\n";
        Assert.Equal(Ipv4.Parse("198.19.9.9"), Pair(Framed).Connect().Client.Sa.AssignedAddress);
        Assert.Equal(Ipv4.Parse("198.19.0.10"), Pair(Framed + "no vpn-addr-assign aaa\n").Connect().Client.Sa.AssignedAddress);

        var noLocal = Pair("no vpn-addr-assign local\n").Connect();
        Assert.Empty(noLocal.Headend.Engine.Sas);
        Assert.Contains(noLocal.Headend.Events, e => e.Syslog?.Id == 713132);
    }

    [Fact]
    public void A_pool_address_given_back_rests_for_the_reuse_delay()
    {
        var pair = Pair("ip local pool ONE 198.19.7.1-198.19.7.1\ntunnel-group EZ general-attributes\n address-pool ONE\nvpn-addr-assign local reuse-delay 1\n").Connect();
        Assert.Equal(Ipv4.Parse("198.19.7.1"), pair.Client.Engine.Sas.Single().AssignedAddress);
        pair.Do(pair.Headend, (e, c, n) => e.Clear(c, n, _ => true));

        pair.At(EnginePair.Start.AddSeconds(30)).Connect();
        Assert.Contains(pair.Headend.Events, e => e.Syslog?.Id == 713132);

        pair.At(EnginePair.Start.AddSeconds(95)).Connect();
        Assert.Contains(pair.Headend.Engine.Sas, s => s.Established && s.AssignedAddress == Ipv4.Parse("198.19.7.1"));
    }

    [Fact]
    public void Each_ipsec_sa_carries_the_sessions_vpn_filter_for_the_dataplane()
    {
        var pair = Pair("access-list VF extended permit icmp any any\ngroup-policy EZ attributes\n vpn-filter value VF\n").Connect();

        Assert.Equal("VF", Assert.Single(pair.Headend.Installed).VpnFilter);
        Assert.Null(Assert.Single(Pair("").Connect().Headend.Installed).VpnFilter);
    }
}
