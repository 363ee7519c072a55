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
    }
}
