using System.Net;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Esp;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Ike;
using AsaEmu.Shell.Cli.Commands;
using AsaEmu.Shell.Tests.Fakes;
using AsaEmu.TestKit.Outside;

namespace AsaEmu.Shell.Tests;

/// <summary>
/// <c>show vpn-sessiondb [detail] ra-ikev1-ipsec</c> (reference §3.4) from an IKE SA with its IPsec SA
/// pair, the effective group-policy and the dataplane's counters for that pair.
/// </summary>
public sealed class ShowVpnSessiondbTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Created = new(2011, 2, 2, 11, 21, 10, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Created.AddSeconds(186);

    private readonly NullTun _sink = new();
    private readonly EspDataplane _dataplane;
    private readonly AsaConfig _config;

    public ShowVpnSessiondbTests()
    {
        var load = ConfigLoader.Load("interface GigabitEthernet0/0\n nameif outside\n security-level 0\n ip address 203.0.113.1 255.255.255.0\n" +
            "crypto ikev1 policy 10\n authentication pre-share\n encryption 3des\n hash md5\n group 5\n lifetime 86400\n" +
            "crypto ikev1 policy 20\n authentication pre-share\n encryption aes\n hash sha\n group 2\n lifetime 86400\n" +
            "access-list VPNF extended permit ip any any\n" +
            "group-policy EZ internal\ngroup-policy EZ attributes\n vpn-idle-timeout 20\n vpn-filter value VPNF\n" +
            "tunnel-group EZ type remote-access\ntunnel-group EZ general-attributes\n default-group-policy EZ\n");
        Assert.Equal(0, load.Errors);
        _config = load.Config;
        var config = _config;
        _dataplane = new EspDataplane(_sink, DiscardEndpoint.Table("203.0.113.1").Endpoints, null, SystemRandom.Instance) { Config = () => config };
    }

    public ValueTask DisposeAsync() => _dataplane.DisposeAsync();

    private static ChildSa Child(bool natT, long? kilobytes = null)
    {
        return new AsaEmu.TestKit.Ike.SaBuilder
        {
            InboundSpi = 0x3F1E2D4C, OutboundSpi = 0x8A2B5C1D, Transform = new EspTransform(EspKeySizes.EspAes, 128, EspKeySizes.HmacSha1, "ESP-AES-SHA"),
            Local = "203.0.113.1", Peer = "198.51.100.7", NatT = natT, LocalPort = natT ? 4500 : 500, PeerPort = natT ? 61296 : 500,
            Remote = "10.10.10.1", LifetimeKilobytes = kilobytes, CryptoMap = "DYN", Sequence = 10, Created = Created,
        }.Build();
    }

    /// <summary>The command's lines for one session whose IPsec SA pair is <paramref name="child"/> (installed in the dataplane).</summary>
    /// <param name="lastTraffic">When traffic last crossed the session (default: never, so since it came up).</param>
    private List<string> Show(ChildSa child, bool detail, long bytesSent = 0, long bytesReceived = 0, string? username = "cisco", DateTimeOffset? lastTraffic = null)
    {
        var view = new IkeSaView("198.51.100.7", child.Peer.Port, "203.0.113.1", IkeSaState.AmActive, "EZ", username, "aes", "SHA", "preshared",
            86400, 86214, Ipv4.Parse("10.10.10.1"), "POOL", child.UdpEncapsulated, Created, [child], bytesSent, bytesReceived)
        {
            DhGroup = 2, LastTraffic = lastTraffic ?? Created,
        };
        var status = new IkeStatus([view], new IkeStatistics());
        return ShowCryptoCommands.Sessions(status, _config, detail,
            spi => _dataplane.Sas.TryGetByInboundSpi(spi, out var sa) ? ShowCryptoCommands.LiveSa.Of(sa) : null, Now).ToList();
    }

    private static byte[] Packet(int length)
    {
        var packet = new byte[length];
        packet[0] = 0x45;
        packet[2] = (byte)(length >> 8);
        packet[3] = (byte)length;
        packet[8] = 64;
        packet[9] = 17;
        Ipv4.Parse("192.168.1.2").ToBytes().CopyTo(packet, 12);
        Ipv4.Parse("10.10.10.1").ToBytes().CopyTo(packet, 16);
        return packet;
    }

    private static readonly string[] Header =
    [
        "",
        "Username     : cisco                  Index        : 1",
        "Assigned IP  : 10.10.10.1             Public IP    : 198.51.100.7",
        "Protocol     : IKEv1 IPsecOverNatT",
        "License      : Other VPN",
        "Encryption   : IKEv1: (1)AES128  IPsecOverNatT: (1)AES128",
        "Hashing      : IKEv1: (1)SHA1  IPsecOverNatT: (1)SHA1",
        "Bytes Tx     : 2000                   Bytes Rx     : 0",
        "Group Policy : EZ                     Tunnel Group : EZ",
        "Login Time   : 11:21:10 UTC Wed Feb 2 2011",
        "Duration     : 0h:03m:06s",
        "Inactivity   : 0h:00m:00s",
        "VLAN Mapping : N/A                    VLAN         : none",
        "Audt Sess ID : 4d493e260000000200000000",
        "Security Grp : none",
    ];

    [Fact]
    public void The_summary_is_the_session_block()
    {
        var child = Child(natT: true);
        _dataplane.Install(child);
        Assert.Equal(["", "Session Type: IKEv1 IPsec", .. Header], Show(child, detail: false, bytesSent: 2000));
    }

    [Fact]
    public void A_session_in_ipsec_over_udp_is_named_so()
    {
        var child = Child(natT: false) with { IpsecUdpPort = 10500 };
        var lines = Show(child, detail: false);
        Assert.Contains("Protocol     : IKEv1 IPsecOverUDP", lines);
        Assert.Contains("Encryption   : IKEv1: (1)AES128  IPsecOverUDP: (1)AES128", lines);
    }

    [Fact]
    public void No_session_is_said()
    {
        Assert.Equal(["INFO: There are presently no active sessions"],
            ShowCryptoCommands.Sessions(IkeStatus.Empty, _config, detail: true, counters: null, now: Now).ToList());
    }

    [Fact]
    public void Detail_adds_the_ike_and_natt_tunnels_with_the_dataplanes_counters()
    {
        var output = new byte[4096];
        var child = Child(natT: true);
        _dataplane.Install(child);
        _dataplane.SendToOutside(Packet(1000), output);
        _dataplane.SendToOutside(Packet(1000), output);

        Assert.Equal(
        [
            "", "Session Type: IKEv1 IPsec Detailed", .. Header,
            "",
            "IKE Tunnels: 1",
            "IPsec Tunnels: 1",
            "",
            "IKEv1:",
            "  Tunnel ID    : 1.1",
            "  UDP Src Port : 61296                  UDP Dst Port : 4500",
            "  IKE Neg Mode : Aggressive             Auth Mode    : preSharedKeysXauth",
            "  Encryption   : AES128                 Hashing      : SHA1",
            "  Rekey Int (T): 86400 Seconds          Rekey Left(T): 86214 Seconds",
            "  D/H Group    : 2",
            "  Filter Name  : VPNF",
            "",
            "IPsecOverNatT:",
            "  Tunnel ID    : 1.2",
            "  Local Addr   : 0.0.0.0/0.0.0.0/0/0",
            "  Remote Addr  : 10.10.10.1/255.255.255.255/0/0",
            "  Encryption   : AES128                 Hashing      : SHA1",
            "  Encapsulation: Tunnel                 UDP Src Port : 61296",
            "  UDP Dst Port : 4500",
            "  Rekey Int (T): 28800 Seconds          Rekey Left(T): 28614 Seconds",
            // The last traffic 30 s ago: 19 whole minutes left of 20.
            "  Idle Time Out: 20 Minutes             Idle TO Left : 19 Minutes",
            "  Bytes Tx     : 2000                   Bytes Rx     : 0",
            "  Pkts Tx      : 2                      Pkts Rx      : 0",
        ], Show(child, detail: true, bytesSent: 2000, lastTraffic: Now.AddSeconds(-30)));
    }

    [Fact]
    public void An_sa_with_pfs_names_its_group()
    {
        var child = Child(natT: true) with { PfsGroup = 5 };
        _dataplane.Install(child);

        var lines = Show(child, detail: true);
        // [S] PFS beside the encapsulation; under NAT-T beside its last line, the ASA's UDP port.
        Assert.Equal($"  UDP Dst Port : {child.Local.Port,-23}PFS Group    : 5", lines[lines.IndexOf("IPsecOverNatT:") + 6]);
        var view = new IkeSaView("198.51.100.7", child.Peer.Port, "203.0.113.1", IkeSaState.AmActive, "EZ", "cisco", "aes", "SHA", "preshared",
            86400, 86214, Ipv4.Parse("10.10.10.1"), "POOL", true, Created, [child]);
        Assert.Contains("         in use settings ={RA, Tunnel,  NAT-T-Encaps, PFS Group 5, IKEv1, }",
            ShowCryptoCommands.IpsecSa(new IkeStatus([view], new IkeStatistics()), _config, Now));
    }

    [Fact]
    public void Without_nat_t_the_section_is_ipsec_and_a_data_lifetime_counts_down()
    {
        var child = Child(natT: false, kilobytes: 4608000);
        _dataplane.Install(child);
        var lines = Show(child, detail: true, username: null);
        var ike = lines.IndexOf("IKEv1:");
        Assert.Equal("  UDP Src Port : 500                    UDP Dst Port : 500", lines[ike + 2]);
        Assert.Equal("  IKE Neg Mode : Aggressive             Auth Mode    : preSharedKeys", lines[ike + 3]);
        Assert.Equal(
        [
            "IPsec:",
            "  Tunnel ID    : 1.2",
            "  Local Addr   : 0.0.0.0/0.0.0.0/0/0",
            "  Remote Addr  : 10.10.10.1/255.255.255.255/0/0",
            "  Encryption   : AES128                 Hashing      : SHA1",
            "  Encapsulation: Tunnel",
            "  Rekey Int (T): 28800 Seconds          Rekey Left(T): 28614 Seconds",
            "  Rekey Int (D): 4608000 K-Bytes        Rekey Left(D): 4608000 K-Bytes",
            // No traffic yet: idle since the session came up 3m06s ago.
            "  Idle Time Out: 20 Minutes             Idle TO Left : 16 Minutes",
            "  Bytes Tx     : 0                      Bytes Rx     : 0",
            "  Pkts Tx      : 0                      Pkts Rx      : 0",
        ], lines[lines.IndexOf("IPsec:")..]);
    }
}
