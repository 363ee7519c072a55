using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Esp;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Tests.Fakes;
using AsaEmu.TestKit.Outside;

namespace AsaEmu.Dataplane.Tests.Forwarding;

public sealed class EspDataplaneTests : IAsyncDisposable
{
    private readonly DataplaneRig _rig;
    private FakeTun _tun => _rig.Tun;
    private MemoryEndpoint _udp => _rig.Outside.NatT;
    private MemoryEndpoint _raw => _rig.Outside.Raw;
    private FakeRoutes _routes => _rig.Routes;
    private EspDataplane _dataplane => _rig.Dataplane;
    private readonly byte[] _output = new byte[4096];

    public EspDataplaneTests() => _rig = new DataplaneRig();

    public ValueTask DisposeAsync() => _rig.DisposeAsync();

    /// <summary>What the client would send us: ESP built with the peer's view of the keys.</summary>
    private static byte[] FromPeer(IpsecSa peer, byte[] inner)
    {
        var buffer = new byte[inner.Length + 100];
        var length = peer.Encapsulate(inner, SystemRandom.Instance, buffer, 0, out _);
        return buffer[..length];
    }

    private static byte[] PeerDecapsulates(IpsecSa peer, byte[] esp)
    {
        Assert.Equal(EspResult.Ok, peer.Decapsulate(esp, 0, esp.Length, out var payload));
        Assert.Equal(EspCodec.NextHeaderIpv4, payload.NextHeader);
        return esp.AsSpan(payload.Offset, payload.Length).ToArray();
    }

    [Theory]
    [MemberData(nameof(TestSas.Transforms), MemberType = typeof(TestSas))]
    public void A_packet_from_the_tun_device_reaches_the_client_and_one_from_the_client_the_tun_device(byte id, int? bits, ushort? auth)
    {
        var child = TestSas.Child(transform: TestSas.Transform(id, bits, auth));
        _dataplane.Install(child);
        using var peer = new IpsecSa(TestSas.PeerView(child));

        var toClient = Packets.Ipv4("198.18.1.2", "198.19.0.10", 100);
        _dataplane.SendToOutside(toClient, _output);
        var (local, to, esp, _) = Assert.Single(_udp.Sent);
        Assert.Equal("198.18.0.1", local.ToString());
        Assert.Equal("198.18.0.2:4500", to.ToString());
        Assert.Equal(toClient, PeerDecapsulates(peer, esp));

        var fromClient = Packets.Ipv4("198.19.0.10", "198.18.1.2", 56);
        var received = FromPeer(peer, fromClient);
        _dataplane.ReceiveFromOutside(received, 0, received.Length);
        Assert.Equal(fromClient, Assert.Single(_tun.Written));

        var sa = Assert.Single(_dataplane.Sas.All);
        var counters = sa.Counters.Snapshot();
        // A combined mode (AES-GCM, AES-GMAC) authenticates without an integrity algorithm.
        var authenticated = auth is not null || EspKeySizes.IsCombinedMode(id);
        var digest = authenticated ? 1 : 0;
        Assert.Equal((1, 1, digest, 1, 1, digest), (counters.Encaps, counters.Encrypt, counters.Digest, counters.Decaps, counters.Decrypt, counters.Verify));
        Assert.Equal((100 + 20, 56 + 20), (counters.BytesOut, counters.BytesIn));
        Assert.Equal((0, 0), (counters.SendErrors, counters.RecvErrors));
        // Without integrity there is no anti-replay (RFC 4303 §3.4.3): the window stays as it was.
        Assert.Equal(authenticated ? "0x00000000 0x00000001" : "0x00000000 0x00000000", sa.ReplayBitmapText);
    }

    [Fact]
    public void Sas_without_nat_t_send_as_ip_protocol_50()
    {
        var child = TestSas.Child(udp: false);
        _dataplane.Install(child);
        _dataplane.SendToOutside(Packets.Ipv4("198.18.1.2", "198.19.0.10"), _output);
        Assert.Empty(_udp.Sent);
        Assert.Single(_raw.Sent);
    }

    [Fact]
    public void Packets_for_no_sa_and_unknown_spis_are_counted_and_dropped()
    {
        _dataplane.Install(TestSas.Child());
        _dataplane.SendToOutside(Packets.Ipv4("198.18.1.2", "198.19.0.99"), _output);
        _dataplane.SendToOutside(new byte[] { 0x60, 0, 0, 0 }, _output);
        var unknown = new byte[60];
        unknown[3] = 0x77;
        _dataplane.ReceiveFromOutside(unknown, 0, unknown.Length);
        _dataplane.ReceiveFromOutside(unknown, 0, 5);
        Assert.Empty(_udp.Sent);
        Assert.Empty(_tun.Written);
        Assert.Equal(1, _dataplane.Counters.NoSaSendCount);
        Assert.Equal(1, _dataplane.Counters.NotIpv4FromTunCount);
        Assert.Equal(1, _dataplane.Counters.InvalidSaReceiveCount);
        Assert.Equal(1, _dataplane.Counters.MalformedFromOutsideCount);
    }

    [Fact]
    public void Inbound_failures_are_counted_per_sa_and_never_reach_the_tun_device()
    {
        var child = TestSas.Child();
        _dataplane.Install(child);
        using var peer = new IpsecSa(TestSas.PeerView(child));
        var good = FromPeer(peer, Packets.Ipv4("198.19.0.10", "198.18.1.2"));
        var replay = (byte[])good.Clone();
        var forged = FromPeer(peer, Packets.Ipv4("198.19.0.10", "198.18.1.2"));
        forged[^1] ^= 1;
        var spoofed = FromPeer(peer, Packets.Ipv4("198.19.0.11", "198.18.1.2"));
        var notIpv4 = FromPeer(peer, [0x60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        var truncated = FromPeer(peer, Packets.Ipv4("198.19.0.10", "198.18.1.2"))[..30];

        foreach (var packet in new[] { good, replay, forged, spoofed, notIpv4, truncated })
            _dataplane.ReceiveFromOutside(packet, 0, packet.Length);

        Assert.Single(_tun.Written);
        var counters = Assert.Single(_dataplane.Sas.All).Counters.Snapshot();
        Assert.Equal(3, counters.Decaps); // good, spoofed and notIpv4 decrypted fine; the dataplane refused the last two
        Assert.Equal((1, 1, 1, 1, 1), (counters.ReplayFailed, counters.VerifyFailed, counters.InvalidIdentity, counters.InvalidIpVersion, counters.InvalidLength));
        Assert.Equal(5, counters.RecvErrors);
    }

    [Fact]
    public async Task Dropped_packets_are_logged_as_the_asa_logs_them_at_most_once_a_second_per_sa()
    {
        var events = new ListSink();
        await using var dataplane = new EspDataplane(_tun, _rig.Outside.Endpoints, _routes, SystemRandom.Instance, events);
        var child = TestSas.Child();
        dataplane.Install(child);
        using var peer = new IpsecSa(TestSas.PeerView(child));
        var forged = FromPeer(peer, Packets.Ipv4("198.19.0.10", "198.18.1.2"));
        forged[^1] ^= 1;
        dataplane.ReceiveFromOutside(forged, 0, forged.Length);
        var spoofed = FromPeer(peer, Packets.Ipv4("198.19.0.11", "198.18.1.2"));
        dataplane.ReceiveFromOutside(spoofed, 0, spoofed.Length);

        var e = Assert.Single(events.Events);
        Assert.Equal(new AsaEmu.Crypto.Events.SyslogId(402120, 4), e.Syslog);
        Assert.Equal("IPSEC: Received an ESP packet (SPI= 0x00001001, sequence number= 0x1) from 198.18.0.2 (user= cisco) to 198.18.0.1 that failed authentication.", e.Text);
        Assert.Equal(2, Assert.Single(dataplane.Sas.All).Counters.Snapshot().RecvErrors);
    }

    [Fact]
    public void Each_client_address_is_routed_into_the_tun_device_while_its_sa_lives()
    {
        var first = TestSas.Child(1, "198.19.0.10");
        var rekey = TestSas.Child(2, "198.19.0.10");
        var other = TestSas.Child(3, "198.19.0.11");
        _dataplane.Install(first);
        _dataplane.Install(other);
        Assert.Equal(["198.19.0.10/32 dev asaemu0", "198.19.0.11/32 dev asaemu0"], _routes.Routes.Order());
        _dataplane.Install(rekey);
        _dataplane.Remove(first);
        Assert.Contains("198.19.0.10/32 dev asaemu0", _routes.Routes);
        _dataplane.Remove(rekey);
        Assert.Equal(["198.19.0.11/32 dev asaemu0"], _routes.Routes);
        _dataplane.Remove(other);
        Assert.Empty(_routes.Routes);
        Assert.Empty(_dataplane.Sas.All);
    }

    /// <summary>
    /// A new client's first packet by its SA can overtake QM3 (ESP and IKE are read by different threads):
    /// its SA, installed at QM2 for its inbound side, then sends and its address is routed into the TUN
    /// device before the packet goes inside, so the reply finds both. A Quick Mode that never completes
    /// takes the route with it.
    /// </summary>
    [Fact]
    public void A_new_clients_first_packet_before_qm3_routes_its_address_so_that_the_reply_goes_back()
    {
        var child = TestSas.Child(1, "198.19.0.10");
        _dataplane.Install(child with { InboundOnly = true });
        Assert.Empty(_routes.Routes);

        using var peer = new IpsecSa(TestSas.PeerView(child));
        var esp = FromPeer(peer, Packets.Ipv4("198.19.0.10", "198.18.1.2"));
        _dataplane.ReceiveFromOutside(esp, 0, esp.Length);
        Assert.Single(_tun.Written);
        Assert.Equal(["198.19.0.10/32 dev asaemu0"], _routes.Routes);
        _dataplane.SendToOutside(Packets.Ipv4("198.18.1.2", "198.19.0.10"), _output);
        Assert.Equal(child.OutboundSpi, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(Assert.Single(_udp.Sent).Data));

        _dataplane.Remove(child with { InboundOnly = true });
        Assert.Empty(_routes.Routes);
        Assert.Equal(1, _dataplane.Retired.Count);
    }

    [Fact]
    public void A_removed_sa_no_longer_moves_packets()
    {
        var child = TestSas.Child();
        _dataplane.Install(child);
        using var peer = new IpsecSa(TestSas.PeerView(child));
        var esp = FromPeer(peer, Packets.Ipv4("198.19.0.10", "198.18.1.2"));
        _dataplane.Remove(child);
        _dataplane.ReceiveFromOutside(esp, 0, esp.Length);
        _dataplane.SendToOutside(Packets.Ipv4("198.18.1.2", "198.19.0.10"), _output);
        Assert.Empty(_tun.Written);
        Assert.Empty(_udp.Sent);
        Assert.Equal(1, _dataplane.Counters.InvalidSaReceiveCount);
        Assert.Equal(1, _dataplane.Counters.NoSaSendCount);
    }

    [Fact]
    public async Task A_route_failure_is_said_and_the_sa_still_works()
    {
        _routes.Fail = true;
        var events = new ListSink();
        await using var dataplane = new EspDataplane(_tun, _rig.Outside.Endpoints, _routes, SystemRandom.Instance, events);
        dataplane.Install(TestSas.Child());
        Assert.Contains(events.Events, e => e.Text.Contains("cannot route 198.19.0.10 into asaemu0", StringComparison.Ordinal));
        dataplane.SendToOutside(Packets.Ipv4("198.18.1.2", "198.19.0.10"), _output);
        Assert.Single(_udp.Sent);
    }

    [Fact]
    public async Task The_tun_loop_forwards_batches_and_survives_a_socket_that_throws()
    {
        var a = TestSas.Child(1, "198.19.0.10");
        var b = TestSas.Child(2, "198.19.0.11", udp: false);
        _dataplane.Install(a);
        _dataplane.Install(b);
        _raw.Throw = true;
        _dataplane.Start();
        for (var i = 0; i < 100; i++)
        {
            _tun.Inject(Packets.Ipv4("198.18.1.2", "198.19.0.11", 40, (byte)i));
            _tun.Inject(Packets.Ipv4("198.18.1.2", "198.19.0.10", 40, (byte)i));
        }
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
            for (var i = 0; i < 100; i++) await _udp.Outbox.ReadAsync(deadline.Token);

        Assert.Equal(100, _udp.Sent.Count);
        Assert.Equal(100, _dataplane.Counters.InternalErrorCount);
        using var peer = new IpsecSa(TestSas.PeerView(a));
        var index = 0;
        foreach (var (_, _, esp, _) in _udp.Sent)
            Assert.Equal(Packets.Ipv4("198.18.1.2", "198.19.0.10", 40, (byte)index++), PeerDecapsulates(peer, esp));
        Assert.Equal(100, _dataplane.Sas.All.Single(s => s.Child.InboundSpi == a.InboundSpi).Counters.Snapshot().Encaps);
    }

    [Fact]
    public void A_socket_that_fails_counts_send_errors()
    {
        _dataplane.Install(TestSas.Child());
        _udp.Fail = true;
        _dataplane.SendToOutside(Packets.Ipv4("198.18.1.2", "198.19.0.10"), _output);
        Assert.Equal(1, Assert.Single(_dataplane.Sas.All).Counters.Snapshot().SendErrors);
    }

    [Fact]
    public async Task Unsupported_transforms_are_said_not_installed()
    {
        var events = new ListSink();
        await using var dataplane = new EspDataplane(_tun, _rig.Outside.Endpoints, _routes, SystemRandom.Instance, events);
        dataplane.Install(TestSas.Child(transform: TestSas.Transform(EspKeySizes.EspAes, 128, EspKeySizes.HmacSha256)) with { });
        Assert.Empty(dataplane.Sas.All);
        Assert.Single(events.Events);
    }

    /// <summary>Keeps the last packet in a fixed buffer: no allocation of its own.</summary>
    private sealed class LastPacket : AsaEmu.Dataplane.Tun.ITunDevice
    {
        public readonly byte[] Data = new byte[4096];
        public int Length, Count;
        public string Name => "asaemu0";
        public int Mtu => 1500;
        public int Read(byte[][] buffers, int[] lengths, CancellationToken cancel) => 0;
        public bool Write(ReadOnlySpan<byte> packet) => Keep(packet);
        private bool Keep(ReadOnlySpan<byte> packet) { packet.CopyTo(Data); Length = packet.Length; Count++; return true; }
        public void Dispose() { }
    }

    [Fact]
    public async Task Forwarding_a_packet_either_way_allocates_nothing()
    {
        var tun = new LastPacket();
        var (endpoints, outside, _) = DiscardEndpoint.Table();
        await using var dataplane = new EspDataplane(tun, endpoints, null, SystemRandom.Instance);
        var child = TestSas.Child();
        dataplane.Install(child);
        using var peer = new IpsecSa(TestSas.PeerView(child));
        var toClient = Packets.Ipv4("198.18.1.2", "198.19.0.10", 1380);
        var fromClient = Packets.Ipv4("198.19.0.10", "198.18.1.2", 1380);
        var esp = new byte[2000];
        void Run(int count)
        {
            for (var i = 0; i < count; i++)
            {
                dataplane.SendToOutside(toClient, _output);
                if (peer.Decapsulate(outside.Last, 0, outside.LastLength, out _) != EspResult.Ok) throw new InvalidOperationException();
                var length = peer.Encapsulate(fromClient, SystemRandom.Instance, esp, 0, out _);
                dataplane.ReceiveFromOutside(esp, 0, length);
            }
        }
        Run(2000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(10_000);
        var perPacket = (GC.GetAllocatedBytesForCurrentThread() - before) / 20_000.0;
        Assert.True(perPacket < 1, $"{perPacket} bytes allocated per packet");
        Assert.Equal(12_000, tun.Count);
        Assert.Equal(fromClient, tun.Data[..tun.Length]);
    }

    private sealed class ListSink : AsaEmu.Crypto.Events.IEventSink
    {
        public List<AsaEmu.Crypto.Events.AsaEvent> Events { get; } = [];
        public bool IsEnabled(AsaEmu.Crypto.Events.EventCategory category, int level) => true;
        public void Publish(AsaEmu.Crypto.Events.AsaEvent e) => Events.Add(e);
    }
}
