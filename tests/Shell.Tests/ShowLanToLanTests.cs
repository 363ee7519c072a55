using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Dataplane.Ike;
using AsaEmu.Shell.Cli.Commands;

namespace AsaEmu.Shell.Tests;

/// <summary>
/// What the show commands print of a LAN-to-LAN tunnel (reference §3.1, §3.2, §3.4): an IKE SA whose
/// tunnel-group is of type ipsec-l2l, started by this end in main mode, with one IPsec SA pair
/// between two networks from the static crypto map entry.
/// </summary>
public sealed class ShowLanToLanTests
{
    private static readonly DateTimeOffset Created = new(2026, 3, 17, 14, 28, 9, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Created.AddSeconds(3 * 3600 + 21 * 60 + 21);

    private readonly AsaConfig _config = Load(
        "interface GigabitEthernet0/0\n nameif outside\n security-level 0\n ip address 198.18.0.1 255.255.255.0\n" +
        "tunnel-group 198.18.0.2 type ipsec-l2l\ntunnel-group 198.18.0.2 ipsec-attributes\n ikev1 pre-shared-key k\n" +
        "tunnel-group EZ type remote-access\n" +
        "access-list VPN extended permit ip 198.18.1.0 255.255.255.0 198.19.200.0 255.255.255.0\n" +
        "crypto map MAP 10 match address VPN\ncrypto map MAP 10 set peer 198.18.0.2\n");

    private static AsaConfig Load(string text)
    {
        var load = ConfigLoader.Load(text);
        Assert.Equal(0, load.Errors);
        return load.Config;
    }

    private static ChildSa Child(bool natT = false, int? pfs = null) => new AsaEmu.TestKit.Ike.SaBuilder
    {
        InboundSpi = 0x3F1E2D4C, OutboundSpi = 0x8A2B5C1D, NatT = natT, Local = "198.18.0.1", Peer = "198.18.0.2", CryptoMap = "MAP", Sequence = 10,
        TunnelGroup = "198.18.0.2", Username = null, Created = Created, LifetimeKilobytes = 4608000, PfsGroup = pfs,
    }.Build() with { LocalAddress = Ipv4.Parse("198.18.1.0"), LocalMask = Ipv4.Parse("255.255.255.0"), RemoteAddress = Ipv4.Parse("198.19.200.0"), RemoteMask = Ipv4.Parse("255.255.255.0") };

    private static IkeSaView Site(ChildSa child, IkeRole role = IkeRole.Initiator) =>
        new("198.18.0.2", child.Peer.Port == 0 ? 500 : child.Peer.Port, "198.18.0.1", IkeSaState.MmActive, "198.18.0.2", null, "aes-256", "SHA",
            "preshared", 86400, 86400 - 12081, null, null, child.UdpEncapsulated, Created, [child], 1200, 3400)
        { Role = role, MainMode = true, DhGroup = 14, LastTraffic = Created };

    private static IkeSaView Client() =>
        new("203.0.113.9", 4500, "198.18.0.1", IkeSaState.AmActive, "EZ", "cisco", "aes", "SHA", "preshared", 86400, 86000,
            Ipv4.Parse("198.19.0.10"), "POOL", true, Created, []);

    private static IkeStatus Status(params IkeSaView[] sas) => new([.. sas], new IkeStatistics());

    [Fact]
    public void Isakmp_sa_names_a_site_l2l_and_the_role_this_end_played()
    {
        var lines = ShowCryptoCommands.IsakmpSa(Status(Site(Child()), Client()), _config, detail: false).ToList();

        Assert.Equal(
        [
            "1   IKE Peer: 198.18.0.2",
            "    Type    : L2L             Role    : initiator ",
            "    Rekey   : no              State   : MM_ACTIVE ",
            "",
            "2   IKE Peer: 203.0.113.9",
            "    Type    : user            Role    : responder ",
            "    Rekey   : no              State   : AM_ACTIVE ",
        ], lines[7..14]);
        Assert.Contains("    Type    : L2L             Role    : responder ",
            ShowCryptoCommands.IsakmpSa(Status(Site(Child(), IkeRole.Responder)), _config, detail: true));
    }

    /// <summary>
    /// The ACL line above the idents and the two blank lines after the peer [S: ntc-templates
    /// cisco_asa_show_crypto_ipsec_sa.raw, its L2L entries (<c>access-list 200 extended permit ip
    /// 172.20.122.32 255.255.255.240 10.160.4.0 255.255.255.0</c>)].
    /// </summary>
    [Fact]
    public void Ipsec_sa_of_a_site_is_l2l_with_its_acl_entry_its_networks_and_a_kilobyte_lifetime()
    {
        var lines = ShowCryptoCommands.IpsecSa(Status(Site(Child(natT: true, pfs: 14))), _config, Now).ToList();

        Assert.Equal(
        [
            "interface: outside",
            "    Crypto map tag: MAP, seq num: 10, local addr: 198.18.0.1",
            "",
            "      access-list VPN extended permit ip 198.18.1.0 255.255.255.0 198.19.200.0 255.255.255.0",
            "      local ident (addr/mask/prot/port): (198.18.1.0/255.255.255.0/0/0)",
            "      remote ident (addr/mask/prot/port): (198.19.200.0/255.255.255.0/0/0)",
            "      current_peer: 198.18.0.2",
            "",
            "",
            "      #pkts encaps: 0, #pkts encrypt: 0, #pkts digest: 0",
        ], lines[..10]);
        Assert.Equal(2, lines.Count(l => l == "         in use settings ={L2L, Tunnel,  NAT-T-Encaps, PFS Group 14, IKEv1, }"));
        Assert.Equal(2, lines.Count(l => l == "         sa timing: remaining key lifetime (kB/sec): (4608000/16719)"));
        Assert.DoesNotContain(lines, l => l.Contains("username", StringComparison.Ordinal) || l.Contains("dynamic allocated", StringComparison.Ordinal));
    }

    [Fact]
    public void Ipsec_sa_of_a_host_pair_prints_its_acl_entry_with_hosts()
    {
        var child = Child() with { LocalAddress = Ipv4.Parse("198.18.1.5"), LocalMask = Ipv4.HostMask, RemoteAddress = Ipv4.Parse("198.19.200.7"), RemoteMask = Ipv4.HostMask };

        Assert.Equal("      access-list VPN extended permit ip host 198.18.1.5 host 198.19.200.7", ShowCryptoCommands.CryptoAclLine(_config, child));
        Assert.Null(ShowCryptoCommands.CryptoAclLine(_config, child with { Sequence = 20 }));
    }

    /// <summary>
    /// Sites in their own row, their protocol indented under it and no Inactive column [S: genieparser
    /// ShowVPNSessionDBSummary golden_output_2, <c>Site-to-Site VPN : 29 : 59 : 29</c> over <c>  IKEv2 IPsec</c>];
    /// the remote-access row only when remote access had sessions.
    /// </summary>
    [Fact]
    public void Vpn_session_summary_counts_the_sites_in_a_site_to_site_row()
    {
        var status = new IkeStatus([Client(), Site(Child())], new IkeStatistics { PreviousTunnels = 3, PreviousSiteSessions = 1 });

        var lines = ShowVpnSessionCommands.Summary(new VpnTally().Read(status, _config)).ToList();

        Assert.Equal(
        [
            "IKEv1 IPsec/L2TP IPsec       :      1 :          3 :           1",
            "Site-to-Site VPN             :      1 :          2 :           1",
            "  IKEv1 IPsec                :      1 :          2 :           1",
            "---------------------------------------------------------------------------",
            "Total Active and Inactive    :      2             Total Cumulative :      5",
        ], lines[5..10]);
        Assert.Contains("IKEv1                        :      2 :          5 :               2", lines);

        var sitesOnly = ShowVpnSessionCommands.Summary(new VpnTally().Read(Status(Site(Child())), _config)).ToList();
        Assert.Equal("Site-to-Site VPN             :      1 :          1 :           1", sitesOnly[5]);
        Assert.DoesNotContain(sitesOnly, l => l.StartsWith("IKEv1 IPsec/L2TP IPsec", StringComparison.Ordinal));
    }

    [Fact]
    public void Vpn_sessiondb_l2l_lists_the_site_by_its_peer_and_leaves_the_clients_to_remote()
    {
        var status = Status(Client(), Site(Child()));

        Assert.Equal(
        [
            "",
            "Session Type: LAN-to-LAN",
            "",
            "Connection   : 198.18.0.2",
            "Index        : 2                      IP Addr      : 198.18.0.2",
            "Protocol     : IKEv1 IPsec",
            "Encryption   : IKEv1: (1)AES256  IPsec: (1)AES128",
            "Hashing      : IKEv1: (1)SHA1  IPsec: (1)SHA1",
            "Bytes Tx     : 1200                   Bytes Rx     : 3400",
            "Login Time   : 14:28:09 UTC Tue Mar 17 2026",
            "Duration     : 3h:21m:21s",
        ], LanToLanSessions.Render(status, _config, detail: false, null, Now));
        Assert.DoesNotContain(ShowCryptoCommands.Sessions(status, _config, detail: false, counters: null, now: Now,
            keep: (sa, _) => !ShowCryptoCommands.IsLanToLan(_config, sa)), l => l.Contains("198.18.0.2", StringComparison.Ordinal));
        Assert.Equal([ShowCryptoCommands.NoSessionsOfType], LanToLanSessions.Render(Status(Client()), _config, detail: true, null, Now));
    }

    [Fact]
    public void Vpn_sessiondb_detail_l2l_adds_the_main_mode_tunnel_and_the_networks()
    {
        var lines = LanToLanSessions.Render(Status(Site(Child(pfs: 14))), _config, detail: true, null, Now).ToList();

        Assert.Equal("Session Type: LAN-to-LAN Detailed", lines[1]);
        Assert.Equal(
        [
            "Duration     : 3h:21m:21s",
            "",
            "IKEv1 Tunnels: 1",
            "IPsec Tunnels: 1",
            "",
            "IKEv1:",
            "  Tunnel ID    : 1.1",
            "  UDP Src Port : 500                    UDP Dst Port : 500",
            "  IKE Neg Mode : Main                   Auth Mode    : preSharedKeys",
            "  Encryption   : AES256                 Hashing      : SHA1",
            "  Rekey Int (T): 86400 Seconds          Rekey Left(T): 74319 Seconds",
            "  D/H Group    : 14",
            "  Filter Name  : ",
            "",
            "IPsec:",
            "  Tunnel ID    : 1.2",
            "  Local Addr   : 198.18.1.0/255.255.255.0/0/0",
            "  Remote Addr  : 198.19.200.0/255.255.255.0/0/0",
            "  Encryption   : AES128                 Hashing      : SHA1",
            "  Encapsulation: Tunnel                 PFS Group    : 14",
        ], lines[10..30]);
        Assert.Contains("  Rekey Int (D): 4608000 K-Bytes        Rekey Left(D): 4608000 K-Bytes", lines);
    }

    [Fact]
    public void Logoff_l2l_and_remote_split_the_sessions_by_the_tunnel_groups_type()
    {
        var site = new IkeSa
        {
            CookieI = 1, Created = Created, Local = new(System.Net.IPAddress.Parse("198.18.0.1"), 500),
            Peer = new(System.Net.IPAddress.Parse("198.18.0.2"), 500), TunnelGroup = "198.18.0.2", NameIf = "outside",
        };
        var client = new IkeSa
        {
            CookieI = 2, Created = Created, Local = new(System.Net.IPAddress.Parse("198.18.0.1"), 4500),
            Peer = new(System.Net.IPAddress.Parse("203.0.113.9"), 4500), TunnelGroup = "EZ", Username = "cisco", NameIf = "outside",
        };
        bool Ends(IkeSa sa, string? type = null, string? ip = null) =>
            VpnControlCommands.Selection(null, ip is null ? null : Ipv4.Parse(ip), null, null, type, IkeStatus.Empty, _config).Which(sa);

        Assert.True(Ends(site, type: "l2l"));
        Assert.False(Ends(client, type: "l2l"));
        Assert.False(Ends(site, type: "remote"));
        Assert.True(Ends(client, type: "remote"));
        Assert.True(Ends(site, type: "all"));
        Assert.True(Ends(site, ip: "198.18.0.2"));
        Assert.False(Ends(client, ip: "198.18.0.2"));
    }
}
