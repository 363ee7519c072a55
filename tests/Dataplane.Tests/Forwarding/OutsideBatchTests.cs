using System.Net;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Esp;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Tests.Fakes;
using AsaEmu.TestKit.Outside;
using AsaEmu.Dataplane.Tun;

namespace AsaEmu.Dataplane.Tests.Forwarding;

/// <summary>A batch read from the TUN device: encapsulated packet by packet, sent per socket in one batch.</summary>
public sealed class OutsideBatchTests : IAsyncDisposable
{
    private readonly FakeTun _tun = new();
    private readonly MemoryOutside _outside = new();
    private MemoryEndpoint _udp => _outside.NatT;
    private MemoryEndpoint _raw => _outside.Raw;
    private readonly EspDataplane _dataplane;
    private readonly byte[][] _packets = new byte[EspDataplane.BatchSize][];
    private readonly int[] _lengths = new int[EspDataplane.BatchSize];

    public OutsideBatchTests()
    {
        _dataplane = new EspDataplane(_tun, _outside.Endpoints, new FakeRoutes(), SystemRandom.Instance);
        for (var i = 0; i < _packets.Length; i++) _packets[i] = new byte[2000];
    }

    public async ValueTask DisposeAsync()
    {
        await _dataplane.DisposeAsync();
        _tun.Dispose();
        _outside.Dispose();
    }

    /// <summary>Puts the packets in the TUN loop's read buffers and sends them as one batch.</summary>
    private void SendBatch(EspDataplane dataplane, params byte[][] packets)
    {
        for (var i = 0; i < packets.Length; i++)
        {
            packets[i].CopyTo(_packets[i], 0);
            _lengths[i] = packets[i].Length;
        }
        dataplane.SendToOutside(_packets, _lengths, packets.Length);
    }

    private static byte[] Decapsulate(IpsecSa peer, byte[] esp)
    {
        Assert.Equal(EspResult.Ok, peer.Decapsulate(esp, 0, esp.Length, out var payload));
        return esp.AsSpan(payload.Offset, payload.Length).ToArray();
    }

    [Fact]
    public void A_partial_batch_leaves_through_each_socket_in_order_and_the_next_batch_starts_empty()
    {
        var udp = TestSas.Child(1, "198.19.0.10");
        var raw = TestSas.Child(2, "198.19.0.11", udp: false);
        _dataplane.Install(udp);
        _dataplane.Install(raw);
        var toUdp1 = Packets.Ipv4("198.18.1.2", "198.19.0.10", 100, 1);
        var toRaw = Packets.Ipv4("198.18.1.2", "198.19.0.11", 200, 2);
        var toUdp2 = Packets.Ipv4("198.18.1.2", "198.19.0.10", 300, 3);

        SendBatch(_dataplane, toUdp1, toRaw, Packets.Ipv4("198.18.1.2", "198.19.0.99"), toUdp2, [0x60, 0, 0, 0]);

        using var udpPeer = new IpsecSa(TestSas.PeerView(udp));
        using var rawPeer = new IpsecSa(TestSas.PeerView(raw));
        Assert.Equal([toUdp1, toUdp2], _udp.Sent.Select(s => Decapsulate(udpPeer, s.Data)));
        Assert.Equal(toRaw, Decapsulate(rawPeer, Assert.Single(_raw.Sent).Data));
        Assert.All(_udp.Sent, s => Assert.Equal("198.18.0.2:4500", s.Peer.ToString()));
        Assert.Equal((1, 1), (_dataplane.Counters.NoSaSendCount, _dataplane.Counters.NotIpv4FromTunCount));

        var toUdp3 = Packets.Ipv4("198.18.1.2", "198.19.0.10", 50, 4);
        SendBatch(_dataplane, toUdp3);
        Assert.Equal(3, _udp.Sent.Count);
        Assert.Equal(toUdp3, Decapsulate(udpPeer, _udp.Sent.Last().Data));
        Assert.Single(_raw.Sent);
        Assert.All(_dataplane.Sas.All, sa => Assert.Equal(0, sa.Counters.Snapshot().SendErrors));
    }

    [Fact]
    public void A_failed_send_in_the_middle_of_a_batch_is_counted_on_its_sa_and_the_rest_go()
    {
        var child = TestSas.Child();
        _dataplane.Install(child);
        _udp.FailCalls.Add(1);
        var packets = Enumerable.Range(0, 3).Select(i => Packets.Ipv4("198.18.1.2", "198.19.0.10", 80, (byte)i)).ToArray();

        SendBatch(_dataplane, packets);

        using var peer = new IpsecSa(TestSas.PeerView(child));
        Assert.Equal([packets[0], packets[2]], _udp.Sent.Select(s => Decapsulate(peer, s.Data)));
        var counters = Assert.Single(_dataplane.Sas.All).Counters.Snapshot();
        Assert.Equal((3, 1), (counters.Encaps, counters.SendErrors));
    }

    [Fact]
    public async Task Without_a_raw_socket_a_batch_counts_its_protocol_50_packets_as_send_errors()
    {
        using var udpOnly = new MemoryOutside(rawEsp: false);
        await using var dataplane = new EspDataplane(_tun, udpOnly.Endpoints, null, SystemRandom.Instance);
        dataplane.Install(TestSas.Child(1, "198.19.0.10"));
        dataplane.Install(TestSas.Child(2, "198.19.0.11", udp: false));

        SendBatch(dataplane, Packets.Ipv4("198.18.1.2", "198.19.0.11"), Packets.Ipv4("198.18.1.2", "198.19.0.10"), Packets.Ipv4("198.18.1.2", "198.19.0.11"));

        Assert.Single(udpOnly.NatT.Sent);
        Assert.Equal(2, dataplane.Sas.All.Single(sa => !sa.Child.UdpEncapsulated).Counters.Snapshot().SendErrors);
    }

    [Fact]
    public void A_full_batch_of_the_largest_packets_fits_the_scratch_buffers()
    {
        var child = TestSas.Child();
        _dataplane.Install(child);
        // The largest packets that go whole (larger ones are fragmented before encryption).
        Assert.True(_dataplane.Sas.TryGetByDestination(child.RemoteAddress.Value, out var sa));
        var largest = _dataplane.MaxInnerLength(sa);
        var packets = Enumerable.Range(0, EspDataplane.BatchSize).Select(i => Packets.Ipv4("198.18.1.2", "198.19.0.10", largest - 20, (byte)i)).ToArray();

        SendBatch(_dataplane, packets);

        using var peer = new IpsecSa(TestSas.PeerView(child));
        Assert.Equal(packets, _udp.Sent.Select(s => Decapsulate(peer, s.Data)));
        Assert.Equal(0, _dataplane.Counters.InternalErrorCount);
    }

    [Fact]
    public void Each_packet_of_a_batch_keeps_its_own_outer_df_bit_under_copy_df()
    {
        var child = TestSas.Child();
        _dataplane.Install(child);
        var packets = Enumerable.Range(0, 3).Select(i => Packets.Ipv4("198.18.1.2", "198.19.0.10", 100, (byte)i)).ToArray();
        packets[0][6] |= 0x40; // DF (RFC 791 flags)
        packets[2][6] |= 0x40;

        SendBatch(_dataplane, packets);

        Assert.Equal([true, false, true], _udp.DontFragment);
    }

    [Fact]
    public void A_batch_from_the_outside_reaches_the_tun_device_as_one_write_without_the_packets_that_fail()
    {
        var child = TestSas.Child();
        _dataplane.Install(child);
        using var peer = new IpsecSa(TestSas.PeerView(child));
        var inner = Enumerable.Range(0, 3).Select(i => Packets.Ipv4("198.19.0.10", "198.18.1.2", 100, (byte)i)).ToArray();
        var esp = inner.Select(p => Seal(peer, p)).ToList();
        esp.Insert(1, new byte[60]); // unknown SPI 0
        var forged = Seal(peer, Packets.Ipv4("198.19.0.10", "198.18.1.2"));
        forged[^1] ^= 1;
        esp.Add(forged);
        var batch = esp.Select(p => new PacketSlice(p, 0, p.Length)).ToArray();

        _dataplane.ReceiveFromOutside(batch);

        Assert.Equal(inner, _tun.Written);
        Assert.Equal([3], _tun.WriteBatches);
        Assert.Equal(1, _dataplane.Counters.InvalidSaReceiveCount);
        Assert.Equal(1, Assert.Single(_dataplane.Sas.All).Counters.Snapshot().VerifyFailed);
    }

    [Fact]
    public void Packets_the_tun_device_refuses_from_a_batch_are_counted()
    {
        var child = TestSas.Child();
        _dataplane.Install(child);
        using var peer = new IpsecSa(TestSas.PeerView(child));
        _tun.RefuseWrites = true;
        var batch = Enumerable.Range(0, 2).Select(i => Seal(peer, Packets.Ipv4("198.19.0.10", "198.18.1.2", 100, (byte)i)))
            .Select(p => new PacketSlice(p, 0, p.Length)).ToArray();

        _dataplane.ReceiveFromOutside(batch);

        Assert.Equal(2, _dataplane.Counters.TunWriteErrorCount);
    }

    private static byte[] Seal(IpsecSa peer, byte[] inner)
    {
        var buffer = new byte[inner.Length + 100];
        return buffer[..peer.Encapsulate(inner, SystemRandom.Instance, buffer, 0, out _)];
    }
}
