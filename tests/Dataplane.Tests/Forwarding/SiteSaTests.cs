using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Esp;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Tests.Fakes;
using AsaEmu.TestKit.Outside;

namespace AsaEmu.Dataplane.Tests.Forwarding;

/// <summary>
/// A site's SA (LAN-to-LAN): its traffic selector is a network on each side, packets go in by
/// selector, come out only within it, the site's networks are routed from the config before any SA
/// exists, and inside traffic that finds no SA asks for one, at most once a second per destination.
/// </summary>
public sealed class SiteSaTests : IAsyncDisposable
{
    private readonly DataplaneRig _rig;
    private FakeTun _tun => _rig.Tun;
    private MemoryEndpoint _udp => _rig.Outside.NatT;
    private MemoryEndpoint _raw => _rig.Outside.Raw;
    private FakeRoutes _routes => _rig.Routes;
    private EspDataplane _dataplane => _rig.Dataplane;
    private readonly byte[] _output = new byte[4096];

    public SiteSaTests() => _rig = new DataplaneRig();

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    /// <summary>Site A's SA: 10.1.0.0/24 (ours) to 10.2.0.0/24 (the peer's), over raw ESP.</summary>
    private static Crypto.Ike.ChildSa Site(int n = 1) => TestSas.Child(n, udp: false) with
    {
        LocalAddress = Ipv4.Parse("10.1.0.0"), LocalMask = Ipv4.Parse("255.255.255.0"),
        RemoteAddress = Ipv4.Parse("10.2.0.0"), RemoteMask = Ipv4.Parse("255.255.255.0"), Username = null,
    };

    [Fact]
    public void Inside_traffic_within_the_selector_is_encrypted_and_traffic_outside_it_finds_no_sa()
    {
        _dataplane.Install(Site());

        _dataplane.SendToOutside(Packets.Ipv4("10.1.0.5", "10.2.0.77", 64), _output);
        Assert.Single(_raw.Sent);
        _dataplane.SendToOutside(Packets.Ipv4("10.9.0.5", "10.2.0.77", 64), _output); // another source network
        _dataplane.SendToOutside(Packets.Ipv4("10.1.0.5", "10.3.0.77", 64), _output); // another destination network
        Assert.Single(_raw.Sent);
        Assert.Equal(2, _dataplane.Counters.NoSaSendCount);
    }

    [Fact]
    public void Decrypted_traffic_must_lie_within_the_selector_on_both_sides()
    {
        var child = Site();
        _dataplane.Install(child);
        using var peer = new IpsecSa(TestSas.PeerView(child));

        foreach (var (from, to) in new[] { ("10.2.0.9", "10.1.0.4"), ("10.2.0.9", "10.7.0.4"), ("10.8.0.9", "10.1.0.4") })
        {
            var inner = Packets.Ipv4(from, to, 40);
            var esp = new byte[inner.Length + 100];
            var length = peer.Encapsulate(inner, SystemRandom.Instance, esp, 0, out _);
            _dataplane.ReceiveFromOutside(esp, 0, length);
        }

        Assert.Single(_tun.Written);
        Assert.Equal(2, _dataplane.Sas.All.Single().Counters.Snapshot().RecvErrors);
    }

    /// <summary>
    /// A Quick Mode responder installs the new SA's inbound side at QM2: this end goes on sending by the old
    /// SA until QM3 installs the pair, which completes the installed SA in place.
    /// </summary>
    [Fact]
    public void An_inbound_only_sa_sends_nothing_until_its_pair_is_installed()
    {
        var old = Site(1);
        var fresh = Site(2);
        _dataplane.Install(old);
        _dataplane.Install(fresh with { InboundOnly = true });

        _dataplane.SendToOutside(Packets.Ipv4("10.1.0.5", "10.2.0.77", 64), _output);
        Assert.Equal(old.OutboundSpi, OutboundSpi(_raw.Sent.Last()));

        _dataplane.Install(fresh);
        _dataplane.SendToOutside(Packets.Ipv4("10.1.0.5", "10.2.0.77", 64), _output);
        Assert.Equal(fresh.OutboundSpi, OutboundSpi(_raw.Sent.Last()));
        Assert.Equal(2, _dataplane.Sas.All.Count);
        Assert.Equal(0, _dataplane.Retired.Count);
    }

    /// <summary>
    /// The peer's first packet by the new SA can come before QM3 reaches the control loop (a thread of its
    /// own reads ESP): it is decrypted, and as the peer sends by the new pair, this end does too from then
    /// on. QM3 then completes that same SA: its sequence numbers go on (the peer's replay window has seen
    /// the first ones) and its counters keep what it carried.
    /// </summary>
    [Fact]
    public void The_peers_first_packet_by_an_inbound_only_sa_makes_it_send_and_qm3_completes_it_in_place()
    {
        var old = Site(1);
        var fresh = Site(2);
        _dataplane.Install(old);
        _dataplane.Install(fresh with { InboundOnly = true });

        using var peer = new IpsecSa(TestSas.PeerView(fresh));
        var inner = Packets.Ipv4("10.2.0.9", "10.1.0.4", 40);
        var esp = new byte[inner.Length + 100];
        _dataplane.ReceiveFromOutside(esp, 0, peer.Encapsulate(inner, SystemRandom.Instance, esp, 0, out _));
        Assert.Single(_tun.Written);
        Assert.Equal(0, _dataplane.Counters.InvalidSaReceiveCount);

        _dataplane.SendToOutside(Packets.Ipv4("10.1.0.5", "10.2.0.77", 64), _output);
        Assert.Equal((fresh.OutboundSpi, 1u), (OutboundSpi(_raw.Sent.Last()), Sequence(_raw.Sent.Last())));

        _dataplane.Install(fresh);
        _dataplane.SendToOutside(Packets.Ipv4("10.1.0.5", "10.2.0.77", 64), _output);
        Assert.Equal((fresh.OutboundSpi, 2u), (OutboundSpi(_raw.Sent.Last()), Sequence(_raw.Sent.Last())));
        Assert.True(_dataplane.Sas.TryGetByInboundSpi(fresh.InboundSpi, out var installed));
        Assert.Equal((1L, 2L), (installed.Counters.Snapshot().Decaps, installed.Counters.Snapshot().Encaps));
        Assert.Equal(0, _dataplane.Retired.Count);
    }

    private static uint OutboundSpi(SentDatagram esp) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(esp.Data);

    private static uint Sequence(SentDatagram esp) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(esp.Data.AsSpan(4));

    [Fact]
    public void The_sites_networks_are_routed_as_the_config_says_and_follow_it()
    {
        var ten2 = (Ipv4.Parse("10.2.0.0"), Ipv4.Parse("255.255.255.0"));
        var ten3 = (Ipv4.Parse("10.3.0.0"), Ipv4.Parse("255.255.0.0"));

        Assert.Empty(_dataplane.SyncSiteRoutes([ten2, ten3]));
        Assert.Equal(["10.2.0.0/24 dev asaemu0", "10.3.0.0/16 dev asaemu0"], _routes.Routes.Order());
        _dataplane.SyncSiteRoutes([ten3]);
        Assert.Equal(["10.3.0.0/16 dev asaemu0"], _routes.Routes);
    }

    [Fact]
    public void A_site_route_from_the_config_outlives_the_sites_sa_pairs()
    {
        var child = Site();
        _dataplane.SyncSiteRoutes([(child.RemoteAddress, child.RemoteMask)]);

        _dataplane.Install(child);
        _dataplane.Remove(child);

        // Still routed: the next packet to the site finds no SA and starts one.
        Assert.Equal(["10.2.0.0/24 dev asaemu0"], _routes.Routes);
    }

    [Fact]
    public void Inside_traffic_with_no_sa_asks_for_one_once_a_second_per_destination()
    {
        var asked = new List<(Ipv4, Ipv4)>();
        _dataplane.NoSa = (source, destination) => asked.Add((source, destination));

        for (var i = 0; i < 5; i++) _dataplane.SendToOutside(Packets.Ipv4("10.1.0.5", "10.2.0.77", 64), _output);
        _dataplane.SendToOutside(Packets.Ipv4("10.1.0.5", "10.2.0.78", 64), _output);

        Assert.Equal([(Ipv4.Parse("10.1.0.5"), Ipv4.Parse("10.2.0.77")), (Ipv4.Parse("10.1.0.5"), Ipv4.Parse("10.2.0.78"))], asked);
        Assert.Equal(6, _dataplane.Counters.NoSaSendCount);
    }
}
