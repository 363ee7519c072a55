using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Ikev2;
using AsaEmu.Dataplane.Ike;
using AsaEmu.Shell.Cli.Commands;

namespace AsaEmu.Shell.Tests;

/// <summary>
/// What <c>show crypto ikev2 sa [detail]</c> and <c>show crypto ikev2 stats</c> print of an IKEv2 site's
/// tunnel (layout [M], kept in ShowCryptoIkev2Commands), and that the commands are in the grammar.
/// </summary>
public sealed class ShowIkev2Tests
{
    private static readonly DateTimeOffset Created = new(2026, 3, 17, 14, 28, 9, TimeSpan.Zero);

    private static Ikev2SaView Site(Ikev2SaState state = Ikev2SaState.Ready)
    {
        var child = new AsaEmu.TestKit.Ike.SaBuilder
        {
            InboundSpi = 0x3F1E2D4C, OutboundSpi = 0x8A2B5C1D, NatT = true, Local = "198.18.0.1", Peer = "198.18.0.2", CryptoMap = "MAP", Sequence = 10,
            TunnelGroup = "198.18.0.2", Username = null, Created = Created,
        }.Build() with { LocalAddress = Ipv4.Parse("198.18.1.0"), LocalMask = Ipv4.Parse("255.255.255.0"), RemoteAddress = Ipv4.Parse("198.19.200.0"), RemoteMask = Ipv4.Parse("255.255.255.0") };
        return new Ikev2SaView(0x1122334455667788, 0x99AABBCCDDEEFF00, IkeRole.Initiator, "198.18.0.1", 4500, "198.18.0.2", 4500, state, "198.18.0.2",
            new IkeSuite(TransformIds.EncrAesCbc, 256, TransformIds.PrfHmacSha256, TransformIds.AuthHmacSha256_128, 14), 86400, Created, true, [child]);
    }

    private static IkeStatus Status(params Ikev2SaView[] sas) => IkeStatus.Empty with { Ikev2Sas = [.. sas] };

    /// <summary>A second IKEv2 site, 198.18.0.3, with an AES-GCM-256 Child SA over UDP 500 and ESP (no NAT), PFS group 19, and a SHA-256 one.</summary>
    private static Ikev2SaView GcmSite()
    {
        ChildSa Child(uint spi, EspTransform transform, int? pfs) => new AsaEmu.TestKit.Ike.SaBuilder
        {
            InboundSpi = spi, OutboundSpi = spi + 1, NatT = false, Local = "198.18.0.1", Peer = "198.18.0.3", CryptoMap = "MAP", Sequence = 20,
            TunnelGroup = "198.18.0.3", Username = null, Created = Created, Transform = transform, PfsGroup = pfs, LifetimeKilobytes = 10000,
        }.Build() with { LocalAddress = Ipv4.Parse("198.18.1.0"), LocalMask = Ipv4.Parse("255.255.255.0"), RemoteAddress = Ipv4.Parse("10.3.0.0"), RemoteMask = Ipv4.Parse("255.255.0.0") };
        return new Ikev2SaView(0x0102030405060708, 0x1112131415161718, IkeRole.Responder, "198.18.0.1", 500, "198.18.0.3", 500, Ikev2SaState.Ready, "198.18.0.3",
            new IkeSuite(TransformIds.EncrAesGcm16, 256, TransformIds.PrfHmacSha384, TransformIds.AuthNone, 20), 28800, Created, false,
            [Child(0x51, new EspTransform(Crypto.Keying.EspKeySizes.EspAesGcm16, 256, null, "P"), 19),
             Child(0x61, new EspTransform(Crypto.Keying.EspKeySizes.EspAes, 256, Crypto.Keying.EspKeySizes.HmacSha256, "P"), null)])
        {
            Retired = new ChildSaUsage(BytesIn: 7000, BytesOut: 5000),
            LastTraffic = Created.AddMinutes(10),
        };
    }

    private static readonly AsaConfig L2lConfig = ConfigModel.Loading.ConfigLoader.Load(
        "tunnel-group 198.18.0.2 type ipsec-l2l\ntunnel-group 198.18.0.3 type ipsec-l2l\naccess-list VPNF extended permit ip any any\ngroup-policy DfltGrpPolicy attributes\n vpn-filter value VPNF\n").Config;

    [Fact]
    public void An_ikev2_site_shows_its_session_its_tunnel_and_its_child_sa()
    {
        var lines = ShowCryptoIkev2Commands.Sas(Status(Site()), Created.AddSeconds(35), detail: false).ToList();

        Assert.Equal("IKEv2 SAs:", lines[1]);
        Assert.Contains("Session-id:1, Status:UP-ACTIVE, IKE count:1, CHILD count:1", lines);
        Assert.Contains(lines, l => l.StartsWith(" 36508552 198.18.0.1/4500", StringComparison.Ordinal) && l.EndsWith("READY    INITIATOR", StringComparison.Ordinal));
        Assert.Contains("      Encr: AES-CBC, keysize: 256, Hash: SHA256, DH Grp:14, Auth sign: PSK, Auth verify: PSK", lines);
        Assert.Contains("      Life/Active Time: 86400/35 sec", lines);
        Assert.Contains("Child sa: local selector  198.18.1.0/0 - 198.18.1.255/65535", lines);
        Assert.Contains("          remote selector 198.19.200.0/0 - 198.19.200.255/65535", lines);
        Assert.Contains("          ESP spi in/out: 0x3f1e2d4c/0x8a2b5c1d", lines);
        Assert.DoesNotContain(lines, l => l.Contains("Local spi", StringComparison.Ordinal));

        var detail = ShowCryptoIkev2Commands.Sas(Status(Site()), Created.AddSeconds(35), detail: true).ToList();
        Assert.Contains("      Local spi: 1122334455667788       Remote spi: 99AABBCCDDEEFF00", detail);
        Assert.Contains("      NAT-T is detected  outside", detail);
        Assert.DoesNotContain(detail, l => l.Contains("Fragmentation", StringComparison.Ordinal));

        // Both ends agreed to IKEv2 fragmentation (RFC 7383): the detail names it and its MTU.
        var fragmenting = ShowCryptoIkev2Commands.Sas(Status(Site() with { FragmentMtu = 576 }), Created.AddSeconds(35), detail: true).ToList();
        Assert.Contains("      IETF Std Fragmentation enabled.", fragmenting);
        Assert.Contains("      IETF Std Fragmentation MTU in use: 576 bytes.", fragmenting);
    }

    [Fact]
    public void Show_crypto_ikev2_stats_counts_the_fragments_dropped_in_and_out()
    {
        var statistics = new IkeStatistics();
        statistics.Fragments.Duplicates = 2;
        statistics.Fragments.BadIcv = 1;

        var lines = ShowCryptoIkev2Commands.Stats(IkeStatus.Empty with { Ikev2Statistics = statistics }).ToList();

        Assert.Equal(lines.IndexOf("  In Drop Packets:             0") + 1, lines.IndexOf("  In Drop Fragments:           3"));
        Assert.Equal(lines.IndexOf("  Out Drop Packets:            0") + 1, lines.IndexOf("  Out Drop Fragments:          0"));
    }

    [Fact]
    public async Task Without_ikev2_sas_the_commands_say_so_and_the_isakmp_show_ends_the_same_way()
    {
        using var h = new ShowHarness();
        h.Boot(ShowHarness.Config);

        foreach (var command in new[] { "show crypto ikev2 sa", "show crypto isakmp sa" })
        {
            var shown = await h.Show(command);
            Assert.EndsWith("There are no IKEv2 SAs", shown.TrimEnd());
        }
        var stats = await h.Show("show crypto ikev2 stats");
        Assert.Contains("Global IKEv2 Statistics", stats);
        Assert.Contains("  Initiator Tunnels:           0", stats);
    }

    [Fact]
    public async Task Debug_crypto_ikev2_protocol_is_shown_by_show_debug_and_undone_by_undebug()
    {
        using var h = new ShowHarness();
        h.Boot(ShowHarness.Config);

        Assert.Contains("debug crypto ikev2 protocol enabled at level 127", await h.Show("debug crypto ikev2 protocol 127", "show debug"));
        Assert.Equal(127, h.Appliance.Events.DebugLevel(Events.DebugFeature.Ikev2));
        Assert.DoesNotContain("ikev2", await h.Show("undebug crypto ikev2 protocol", "show debug"));
    }

    [Fact]
    public void Show_crypto_ipsec_sa_lists_an_ikev2_child_sa_as_ikev2_in_its_in_use_settings()
    {
        var config = ConfigModel.Loading.ConfigLoader.Load(
            "interface GigabitEthernet0/0\n nameif outside\n security-level 0\n ip address 198.18.0.1 255.255.255.0\n" +
            "tunnel-group 198.18.0.2 type ipsec-l2l\n").Config;

        var lines = ShowCryptoCommands.IpsecSa(Status(Site()), config, Created.AddSeconds(35)).ToList();

        Assert.Contains("interface: outside", lines);
        Assert.Contains("      current_peer: 198.18.0.2", lines);
        Assert.Contains("         in use settings ={L2L, Tunnel,  NAT-T-Encaps, IKEv2, }", lines);
    }

    [Fact]
    public void Show_vpn_sessiondb_l2l_lists_an_ikev2_site_after_the_ikev1_sessions()
    {
        var config = ConfigModel.Loading.ConfigLoader.Load("tunnel-group 198.18.0.2 type ipsec-l2l\n").Config;

        var lines = LanToLanSessions.Render(Status(Site()), config, detail: false, null, Created.AddSeconds(35)).ToList();

        Assert.Contains("Session Type: LAN-to-LAN", lines);
        Assert.Contains("Connection   : 198.18.0.2", lines);
        Assert.Contains(lines, l => l.StartsWith("Index        : 1 ", StringComparison.Ordinal));
        Assert.Contains("Protocol     : IKEv2 IPsecOverNatT", lines);
        Assert.Contains(lines, l => l.StartsWith("Encryption   : IKEv2: (1)AES256  IPsecOverNatT: (1)AES", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Hashing      : IKEv2: (1)SHA256  IPsecOverNatT: (1)", StringComparison.Ordinal));
        Assert.Contains("Duration     : 0h:00m:35s", lines);
        Assert.Equal(ShowCryptoCommands.NoSessions, Assert.Single(LanToLanSessions.Render(Status(Site(Ikev2SaState.Negotiating)), config, false, null, Created)));
        // A session whose IKE SA was rekeyed keeps its login time.
        var rekeyed = Site() with { EstablishedAt = Created.AddSeconds(30), SessionStart = Created };
        Assert.Contains("Duration     : 0h:00m:35s", LanToLanSessions.Render(Status(rekeyed), config, false, null, Created.AddSeconds(35)));
    }

    [Fact]
    public void Show_vpn_sessiondb_detail_l2l_prints_an_ikev2_sites_ikev2_tunnel_and_each_child_sa_as_the_asa_does()
    {
        var now = Created.AddMinutes(25);

        var lines = LanToLanSessions.Render(Status(Site(), GcmSite()), L2lConfig, detail: true, null, now).ToList();

        var at = lines.IndexOf("Connection   : 198.18.0.3");
        Assert.Equal(
        [
            "Connection   : 198.18.0.3",
            "Index        : 2                      IP Addr      : 198.18.0.3",
            "Protocol     : IKEv2 IPsec",
            "Encryption   : IKEv2: (1)AES-GCM-256  IPsec: (2)AES-GCM-256",
            "Hashing      : IKEv2: (1)none  IPsec: (2)none",
            "Bytes Tx     : 5000                   Bytes Rx     : 7000",
            "Login Time   : 14:28:09 UTC Tue Mar 17 2026",
            "Duration     : 0h:25m:00s",
            "",
            "IKEv2 Tunnels: 1",
            "IPsec Tunnels: 2",
            "",
            "IKEv2:",
            "  Tunnel ID    : 2.1",
            "  UDP Src Port : 500                    UDP Dst Port : 500",
            "  Rem Auth Mode: preSharedKeys",
            "  Loc Auth Mode: preSharedKeys",
            "  Encryption   : AES-GCM-256            Hashing      : none",
            "  Rekey Int (T): 28800 Seconds          Rekey Left(T): 27300 Seconds",
            "  PRF          : SHA384                 D/H Group    : 20",
            "  Filter Name  : VPNF",
            "",
            "IPsec:",
            "  Tunnel ID    : 2.2",
            "  Local Addr   : 198.18.1.0/255.255.255.0/0/0",
            "  Remote Addr  : 10.3.0.0/255.255.0.0/0/0",
            "  Encryption   : AES-GCM-256            Hashing      : none",
            "  Encapsulation: Tunnel                 PFS Group    : 19",
            "  Rekey Int (T): 28800 Seconds          Rekey Left(T): 27300 Seconds",
            "  Rekey Int (D): 10000 K-Bytes          Rekey Left(D): 10000 K-Bytes",
            "  Idle Time Out: 30 Minutes             Idle TO Left : 15 Minutes",
            "  Bytes Tx     : 0                      Bytes Rx     : 0",
            "  Pkts Tx      : 0                      Pkts Rx      : 0",
            "",
            "IPsec:",
            "  Tunnel ID    : 2.3",
        ], lines[at..(at + 36)]);
        Assert.Contains("  Encryption   : AES256                 Hashing      : SHA256", lines[(at + 36)..]);
        // The NAT-T site before it, index 1, its tunnel on UDP 4500.
        Assert.Contains("IPsecOverNatT:", lines[..at]);
        Assert.Contains("  UDP Src Port : 4500                   UDP Dst Port : 4500", lines[..at]);
    }

    [Theory]
    [InlineData("name", "198.18.0.3")]
    [InlineData("ipaddress", "198.18.0.3")]
    [InlineData("tunnel-group", "198.18.0.3")]
    [InlineData("index", "2")]
    public void The_filters_and_the_index_find_an_ikev2_site_by_its_peer_its_group_and_its_place_after_the_ikev1_sessions(string by, string value)
    {
        var ikev1 = new IkeSaView("198.18.0.9", 500, "198.18.0.1", IkeSaState.MmActive, "198.18.0.9", null, "aes-256", "SHA", "preshared", 86400, 86000,
            null, null, false, Created, [new AsaEmu.TestKit.Ike.SaBuilder { Peer = "198.18.0.9", NatT = false, TunnelGroup = "198.18.0.9", Username = null }.Build()]);
        var config = ConfigModel.Loading.ConfigLoader.Load(
            "tunnel-group 198.18.0.3 type ipsec-l2l\ntunnel-group 198.18.0.9 type ipsec-l2l\n").Config;
        var status = IkeStatus.Empty with { Sas = [ikev1], Ikev2Sas = [GcmSite()] };
        var filter = by switch
        {
            "name" => new SessionFilter(Name: value),
            "ipaddress" => new SessionFilter(Address: Ipv4.Parse(value)),
            "tunnel-group" => new SessionFilter(TunnelGroup: value),
            _ => new SessionFilter(Index: long.Parse(value, System.Globalization.CultureInfo.InvariantCulture)),
        };

        var lines = LanToLanSessions.Render(status, config, detail: false, null, Created, filter).ToList();

        Assert.Contains("Connection   : 198.18.0.3", lines);
        Assert.Contains(lines, l => l.StartsWith("Index        : 2 ", StringComparison.Ordinal));
        Assert.DoesNotContain("Connection   : 198.18.0.9", lines);
        // The IKEv1 site by its name (its peer) too; a filter that matches nothing says so.
        Assert.Contains("Connection   : 198.18.0.9", LanToLanSessions.Render(status, config, false, null, Created, new SessionFilter(Name: "198.18.0.9")));
        Assert.Equal([ShowCryptoCommands.NoSessionsOfType], LanToLanSessions.Render(status, config, false, null, Created, new SessionFilter(Name: "198.18.0.7")));
        Assert.Equal([ShowCryptoCommands.NoSessionsOfType], ShowCryptoCommands.Sessions(IkeStatus.Empty with { Ikev2Sas = [GcmSite()] }, config, false, null, Created));
    }

    [Fact]
    public void Vpn_sessiondb_logoff_ends_an_ikev2_site_by_its_address_name_group_index_and_type()
    {
        Ikev2Sa Live(string peer, ulong spiI, bool established = true, bool superseded = false) => new()
        {
            SpiI = spiI, SpiR = spiI == GcmSite().SpiI ? GcmSite().SpiR : spiI + 1, Role = IkeRole.Responder, Local = new(System.Net.IPAddress.Parse("198.18.0.1"), 500),
            Peer = new(System.Net.IPAddress.Parse(peer), 500), NameIf = "outside", Created = Created, TunnelGroup = peer,
            Established = established, Superseded = superseded,
        };
        var view = GcmSite();
        var site = Live("198.18.0.3", view.SpiI);
        var other = Live("198.18.0.2", 0x99);
        var status = Status(view);
        bool Ends(Ikev2Sa sa, string? user = null, string? ip = null, string? group = null, long? index = null, string? type = null) =>
            VpnControlCommands.Selection(user, ip is null ? null : Ipv4.Parse(ip), group, index, type, status, L2lConfig).Ikev2(sa);

        Assert.True(Ends(site, ip: "198.18.0.3"));
        Assert.False(Ends(other, ip: "198.18.0.3"));
        Assert.True(Ends(site, user: "198.18.0.3"));
        Assert.True(Ends(site, group: "198.18.0.3"));
        Assert.True(Ends(site, index: 1));
        Assert.False(Ends(other, index: 1));
        Assert.False(Ends(site, index: 2));
        Assert.True(Ends(site, type: "l2l"));
        Assert.True(Ends(site, type: "all"));
        Assert.False(Ends(site, type: "remote"));
        // Only sessions: not a negotiation, nor an IKE SA a rekey replaced (its successor is the session).
        Assert.False(Ends(Live("198.18.0.3", 5, established: false), ip: "198.18.0.3"));
        Assert.False(Ends(Live("198.18.0.3", 5, superseded: true), ip: "198.18.0.3"));
    }

    [Theory]
    [InlineData(Crypto.Keying.EspKeySizes.EspAesGcm16, 256, null, "esp-aes-gcm-256 esp-null-hmac")]
    [InlineData(Crypto.Keying.EspKeySizes.EspAesGcm16, 128, null, "esp-aes-gcm esp-null-hmac")]
    [InlineData(Crypto.Keying.EspKeySizes.EspNullAuthAesGmac, 192, null, "esp-aes-gmac-192 esp-null-hmac")]
    [InlineData(Crypto.Keying.EspKeySizes.EspAes, 256, Crypto.Keying.EspKeySizes.HmacSha256, "esp-aes-256 esp-sha-256-hmac")]
    [InlineData(Crypto.Keying.EspKeySizes.EspAes, 192, Crypto.Keying.EspKeySizes.HmacSha512, "esp-aes-192 esp-sha-512-hmac")]
    [InlineData(Crypto.Keying.EspKeySizes.EspAes, 128, null, "esp-aes esp-none")]
    public void Show_crypto_ipsec_sa_names_ikev2_transforms_as_the_asa_does(byte id, int bits, ushort? integrity, string name)
    {
        var transform = new EspTransform(id, bits, integrity, "P");
        Assert.Equal(name, transform.AsaName);

        var view = Site() with { Children = [Site().Children[0] with { Transform = transform }] };
        var lines = ShowCryptoCommands.IpsecSa(Status(view), L2lConfig, Created).ToList();
        Assert.Contains($"         transform: {name} no compression", lines);
        // AES-GCM and GMAC authenticate with their ICV: anti-replay is on, as with an HMAC; only esp-none has none.
        Assert.Contains(integrity is null && id == Crypto.Keying.EspKeySizes.EspAes ? "         replay detection support: N" : "         replay detection support: Y", lines);
    }

    [Fact]
    public void The_vpn_session_summary_counts_ikev2_sites_under_site_to_site_beside_ikev1_ones_and_in_the_tunnels()
    {
        var ikev1 = new IkeSaView("198.18.0.9", 500, "198.18.0.1", IkeSaState.MmActive, "198.18.0.9", null, "aes-256", "SHA", "preshared", 86400, 86000,
            null, null, false, Created, [new AsaEmu.TestKit.Ike.SaBuilder { Peer = "198.18.0.9", NatT = false, TunnelGroup = "198.18.0.9", Username = null }.Build()]);
        var config = ConfigModel.Loading.ConfigLoader.Load("tunnel-group 198.18.0.9 type ipsec-l2l\n").Config;
        var status = new IkeStatus([ikev1], new IkeStatistics { PreviousTunnels = 1, PreviousSiteSessions = 1 })
        {
            Ikev2Sas = [Site(), GcmSite()],
            Ikev2Statistics = new IkeStatistics { PreviousTunnels = 3 },
        };

        var counts = new VpnTally().Read(status, config);
        var lines = ShowVpnSessionCommands.Summary(counts).ToList();

        Assert.Equal(
        [
            "Site-to-Site VPN             :      3 :          7 :           3",
            "  IKEv2 IPsec                :      2 :          5 :           2",
            "  IKEv1 IPsec                :      1 :          2 :           1",
            "---------------------------------------------------------------------------",
            "Total Active and Inactive    :      3             Total Cumulative :      7",
        ], lines[5..10]);
        var tunnels = lines.IndexOf("Tunnels Summary");
        Assert.Equal(
        [
            "IKEv1                        :      1 :          2 :               1",
            "IKEv2                        :      2 :          5 :               2",
            "IPsec                        :      3 :          3 :               3",
            "IPsecOverNatT                :      1 :          1 :               1",
        ], lines[(tunnels + 4)..(tunnels + 8)]);
        Assert.Contains("  IKEv2 IPsec         :      2 :        :        2 :       2", ShowVpnSessionCommands.LicenseSummary(counts));
        Assert.Contains("Other VPN             :      3 :        :        3 :       3 :   250 :   1%", ShowVpnSessionCommands.LicenseSummary(counts));
    }
}
