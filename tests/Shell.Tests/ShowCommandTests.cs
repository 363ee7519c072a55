using AsaEmu.ConfigModel.Model;
using AsaEmu.Shell.Cli.Commands;

namespace AsaEmu.Shell.Tests;

public class ShowCommandTests
{
    private static string Lines(params string[] lines) => string.Concat(lines.Select(l => l + "\r\n"));

    /// <summary>[S] genieparser ShowInterfaceIpBrief golden_output2 (an ASAv: a shut vNIC keeps its line protocol up) and an
    /// ASAv 9.7(1) lab transcript (an address typed since boot shows <c>manual</c>).</summary>
    [Fact]
    public async Task Show_interface_ip_brief_has_the_asa_columns()
    {
        using var h = new ShowHarness();
        Assert.Equal(Lines(
            "Interface                  IP-Address      OK? Method Status                Protocol",
            "GigabitEthernet0/0         203.0.113.1     YES CONFIG up                    up  ",
            "GigabitEthernet0/1         192.168.1.1     YES CONFIG up                    up  ",
            "GigabitEthernet0/2         unassigned      YES unset  administratively down up  "),
            await h.Show("show interface ip brief"));
        Assert.Equal(Lines(
            "Interface                  IP-Address      OK? Method Status                Protocol",
            "GigabitEthernet0/0         203.0.113.1     YES CONFIG up                    up  ",
            "GigabitEthernet0/1         192.168.1.1     YES CONFIG up                    up  ",
            "GigabitEthernet0/2         198.51.100.1    YES manual up                    up  "),
            await h.Show("configure terminal", "interface GigabitEthernet0/2", "no shutdown", "ip address 198.51.100.1 255.255.255.0", "end",
                "show interface ip brief"));
    }

    [Fact]
    public async Task Show_crypto_isakmp_policy_lists_the_ikev1_policies_by_priority()
    {
        using var h = new ShowHarness(ShowHarness.Config +
            "crypto ikev1 policy 20\n authentication pre-share\n encryption aes-256\n hash sha\n group 14\n lifetime 43200\n" +
            "crypto isakmp policy 10\n encryption 3des\n hash md5\n group 2\n lifetime none\n");
        var expected = Lines(
            "Global IKE policy:",
            "Protection suite of priority 10",
            "\tencryption algorithm:\tThree key triple DES",
            "\thash algorithm:\t\tMessage Digest 5",
            "\tauthentication method:\tPre-Shared Key",
            "\tDiffie-Hellman group:\t#2 (1024 bit)",
            "\tlifetime:\t\tno time limit, no volume limit",
            "Protection suite of priority 20",
            "\tencryption algorithm:\tAES - Advanced Encryption Standard (256 bit keys).",
            "\thash algorithm:\t\tSecure Hash Standard",
            "\tauthentication method:\tPre-Shared Key",
            "\tDiffie-Hellman group:\t#14 (2048 bit)",
            "\tlifetime:\t\t43200 seconds, no volume limit");
        Assert.Equal(expected, await h.Show("show crypto isakmp policy"));
        Assert.Equal(expected, await h.Show("sh cry ikev1 pol"));
    }

    /// <summary>[S] genieparser ShowNameif golden output (columns 25/25, the security level right-aligned in 3), named interfaces only.</summary>
    [Fact]
    public async Task Show_nameif_lists_named_interfaces_only()
    {
        using var h = new ShowHarness();
        Assert.Equal(Lines(
            "Interface                Name                     Security",
            "GigabitEthernet0/0       outside                    0",
            "GigabitEthernet0/1       inside                   100"),
            await h.Show("show nameif"));
    }

    /// <summary>
    /// [S] ntc-templates cisco_asa_show_route and cisc_asa_show_route_vpn: the 9.x codes (with V - VPN), the gateway line,
    /// a blank line, then "%-9s" code and destination; S* for the default route from an 8.x capture on pastebin (z5xmSJRp);
    /// the blank line before the codes [M].
    /// </summary>
    [Fact]
    public async Task Show_route_has_the_9x_codes_connected_local_and_static_routes()
    {
        using var h = new ShowHarness(ShowHarness.Config + "route outside 172.16.0.0 255.240.0.0 203.0.113.253 5\n");
        Assert.Equal(Lines(
            "",
            "Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP",
            "       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area ",
            "       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2",
            "       E1 - OSPF external type 1, E2 - OSPF external type 2, V - VPN",
            "       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2",
            "       ia - IS-IS inter area, * - candidate default, U - per-user static route",
            "       o - ODR, P - periodic downloaded static route, + - replicated route",
            "Gateway of last resort is 203.0.113.254 to network 0.0.0.0",
            "",
            "S*       0.0.0.0 0.0.0.0 [1/0] via 203.0.113.254, outside",
            "S        172.16.0.0 255.240.0.0 [1/0] via 192.168.1.254, inside",
            "C        192.168.1.0 255.255.255.0 is directly connected, inside",
            "L        192.168.1.1 255.255.255.255 is directly connected, inside",
            "C        203.0.113.0 255.255.255.0 is directly connected, outside",
            "L        203.0.113.1 255.255.255.255 is directly connected, outside"),
            await h.Show("show route"));
    }

    /// <summary>
    /// [S] ntc-templates cisc_asa_show_route_vpn (V routes; a host route's "connected by VPN" on a line of its own under
    /// 11 spaces, after the destination and a trailing space) and cisco_asa_show_route (a second path under the first).
    /// </summary>
    [Fact]
    public async Task Show_route_without_a_default_route_and_with_vpn_routes()
    {
        using var h = new ShowHarness("interface GigabitEthernet0/0\n nameif outside\n ip address 203.0.113.1 255.255.255.0\n" +
            "route outside 10.0.0.0 255.0.0.0 203.0.113.2 1\nroute outside 10.0.0.0 255.0.0.0 203.0.113.3 1\n");
        h.Appliance.Vpn = new FakeVpn([new VpnRoute(Ipv4.Parse("10.10.10.1"), Ipv4.HostMask, "outside"),
            new VpnRoute(Ipv4.Parse("10.1.24.0"), Ipv4.Parse("255.255.255.0"), "outside")]);

        var output = await h.Show("show route");

        Assert.Contains("\r\nGateway of last resort is not set\r\n\r\n", output);
        Assert.EndsWith(Lines(
            "S        10.0.0.0 255.0.0.0 [1/0] via 203.0.113.2, outside",
            "                            [1/0] via 203.0.113.3, outside",
            "V        10.1.24.0 255.255.255.0 connected by VPN (advertised), outside",
            "V        10.10.10.1 255.255.255.255 ",
            "           connected by VPN (advertised), outside",
            "C        203.0.113.0 255.255.255.0 is directly connected, outside",
            "L        203.0.113.1 255.255.255.255 is directly connected, outside"), output);
    }

    private sealed class FakeVpn(IReadOnlyList<VpnRoute>? routes = null) : IVpnShowState
    {
        public IEnumerable<VpnRoute> ReverseRoutes(AsaConfig config) => routes ?? [new VpnRoute(Ipv4.Parse("10.10.10.1"), Ipv4.HostMask, "outside")];
        public IReadOnlyCollection<Ipv4> InUse(string pool) => pool == "POOL" ? [Ipv4.Parse("10.10.10.1")] : [];
        public IReadOnlyCollection<Ipv4> Held(string pool) => [];
    }

    [Fact]
    public async Task Show_ip_local_pool_lists_free_and_used_addresses()
    {
        using var h = new ShowHarness();
        Assert.Equal(Lines(
            "Begin           End             Mask            Free     Held     In use",
            "10.10.10.1      10.10.10.5      255.255.255.0      5        0        0",
            "",
            "Available Addresses:",
            "10.10.10.1",
            "10.10.10.2",
            "10.10.10.3",
            "10.10.10.4",
            "10.10.10.5",
            "In Use Addresses:"),
            await h.Show("show ip local pool POOL"));

        h.Appliance.Vpn = new FakeVpn();
        var used = await h.Show("show ip local pool POOL");
        Assert.StartsWith(Lines(
            "Begin           End             Mask            Free     Held     In use",
            "10.10.10.1      10.10.10.5      255.255.255.0      4        0        1",
            "",
            "Available Addresses:",
            "10.10.10.2"), used);
        Assert.EndsWith(Lines("10.10.10.5", "In Use Addresses:", "10.10.10.1"), used);
    }

    [Fact]
    public async Task Show_ip_local_pool_of_an_unknown_pool_says_so()
    {
        using var h = new ShowHarness();
        Assert.Equal(Lines("ERROR: Pool NOPE does not exist"), await h.Show("show ip local pool NOPE"));
    }

    [Fact]
    public async Task Show_access_list_numbers_lines_and_keeps_hashes_stable()
    {
        using var h = new ShowHarness(ShowHarness.Config + "access-list VPN remark split tunnel\n");
        var all = await h.Show("show access-list");
        var vpn = await h.Show("show access-list VPN");

        var splitHash = ShowNetworkCommands.Hash("SPLIT").ToString("x8");
        var entryHash = ShowNetworkCommands.Hash("SPLIT standard permit 192.168.1.0 255.255.255.0").ToString("x8");
        Assert.Equal(Lines(
            "access-list cached ACL log flows: total 0, denied 0 (deny-flow-max 4096)",
            "            alert-interval 300",
            $"access-list SPLIT; 1 elements; name hash: 0x{splitHash}",
            $"access-list SPLIT line 1 standard permit 192.168.1.0 255.255.255.0 (hitcnt=0) 0x{entryHash}"), all[..all.IndexOf("access-list VPN;", StringComparison.Ordinal)]);
        Assert.Matches(@"^access-list cached ACL log flows: total 0, denied 0 \(deny-flow-max 4096\)\r\n            alert-interval 300\r\n" +
            @"access-list VPN; 1 elements; name hash: 0x[0-9a-f]{8}\r\n" +
            @"access-list VPN line 1 extended permit ip 192\.168\.1\.0 255\.255\.255\.0 10\.10\.10\.0 255\.255\.255\.0 \(hitcnt=0\) 0x[0-9a-f]{8}\r\n" +
            @"access-list VPN line 2 remark split tunnel\r\n$", vpn);
        Assert.Equal(vpn, await h.Show("show access-list VPN"));
    }

    /// <summary>[C] the IOS command reference's show clock example (HH:MM:SS.mmm ZONE Day Mon D YYYY, no leading zero on the day), which the ASA shares.</summary>
    [Fact]
    public async Task Show_clock_uses_the_asa_timestamp()
    {
        using var h = new ShowHarness();
        Assert.Equal(Lines("09:30:00.000 UTC Mon Nov 2 2026"), await h.Show("show clock"));
    }

    [Fact]
    public async Task Show_pager_follows_the_session_then_the_config()
    {
        using var h = new ShowHarness(ShowHarness.Config + "pager lines 40\n");
        Assert.Equal(Lines("pager lines 40"), await h.Show("show pager"));
        Assert.Equal(Lines("no pager"), await h.Show("terminal pager 0", "show pager"));
    }

    [Fact]
    public async Task Show_memory_inventory_and_dir_have_the_fields_tools_parse()
    {
        using var h = new ShowHarness();
        // [S] an ASAv's show memory (mockdevices); a licensed ASAv10's Allowed/Compliant lines are [M].
        Assert.Equal(Lines(
            "Free memory:       1441865728 bytes (67%)",
            "Used memory:        705617920 bytes (33%)",
            "-------------     ------------------",
            "Total memory:      2147483648 bytes (100%)",
            "",
            "Virtual platform memory",
            "-----------------------",
            "Provisioned       2048 MB",
            "Allowed           2048 MB",
            "Status            Compliant"), await h.Show("show memory"));
        // [S] an ASAv 9.15(1)1's chassis entry as genieparser read it; layout of the ntc-templates ASA captures.
        Assert.Equal(Lines(
            "Name: \"Chassis\", DESCR: \"ASAv Adaptive Security Virtual Appliance\"",
            "PID: ASAv              , VID: V01     , SN: 9AEMU4SA0V1",
            ""), await h.Show("show inventory"));

        var dir = await h.Show("write memory", "dir");
        Assert.StartsWith(Lines("Directory of disk0:/", "", "11     -rwx  110440448    09:30:00 Nov 02 2026  asa984-10-smp-k8.bin"), dir);
        // [S] ntc-templates cisco_asa_dir2 (9.9(2)): the free percentage Ansible's asa_facts reads.
        Assert.Matches(@"\r\n12     -rwx  \d+ +\d\d:\d\d:\d\d \w{3} \d\d \d{4}  startup-config\r\n\r\n8571076608 bytes total \(8141029376 bytes free/94% free\)\r\n$", dir);
        Assert.Equal(dir, await h.Show("dir disk0:"));
    }

    [Fact]
    public async Task Changeto_is_refused_in_single_context_mode()
    {
        using var h = new ShowHarness();
        Assert.Equal(Lines(ShowSystemCommands.SingleContextError), await h.Show("changeto system"));
        Assert.Equal(Lines(ShowSystemCommands.SingleContextError), await h.Show("changeto context admin"));
    }

    [Fact]
    public async Task Show_curpriv_and_show_hostname()
    {
        using var h = new ShowHarness();
        Assert.Equal(Lines("Username : enable_15", "Current privilege level : 15", "Current Mode/s : P_PRIV"), await h.Show("show curpriv"));
        Assert.Equal(Lines("asa1"), await h.Show("show hostname"));
    }

    [Fact]
    public async Task Show_version_names_the_uptime()
    {
        using var h = new ShowHarness();
        h.Clock.Advance(TimeSpan.FromDays(41) + TimeSpan.FromHours(19));
        Assert.Contains("\r\nasa1 up 41 days 19 hours\r\n", await h.Show("show version"));
    }
}
