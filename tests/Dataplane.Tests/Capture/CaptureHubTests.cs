using System.Buffers.Binary;
using System.Net;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Capture;
using AsaEmu.Dataplane.Esp;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Tests.Fakes;

namespace AsaEmu.Dataplane.Tests.Capture;

public class CaptureHubTests
{
    private static readonly uint Outside = Ipv4.Parse("198.18.0.1").Value;
    private static readonly IPEndPoint Ike = new(IPAddress.Parse("198.18.0.1"), 500), NatT = new(IPAddress.Parse("198.18.0.1"), 4500);
    private static readonly IPEndPoint Peer = new(IPAddress.Parse("198.18.0.2"), 4500);
    private readonly ManualClock _clock = new();
    private readonly CaptureHub _hub;

    public CaptureHubTests() => _hub = new CaptureHub(() => _clock.Now);

    private static CaptureSettings On(CapturePoint point, CaptureFilter? filter = null, int buffer = CaptureSettings.DefaultBuffer,
        int packetLength = CaptureSettings.DefaultPacketLength, bool circular = false) =>
        new([("if", point)], null, [], filter ?? CaptureFilter.Everything, buffer, packetLength, circular);

    [Fact]
    public void Without_a_listening_capture_the_hub_is_inactive_and_keeps_nothing()
    {
        Assert.False(_hub.Active);
        var idle = _hub.Set("idle", CaptureSettings.Default);
        Assert.False(_hub.Active);
        _hub.TapInside(CapturePackets.Echo("10.0.0.1", "10.0.0.2"));
        Assert.Empty(idle.Packets);
        _hub.Set("cap", On(new CapturePoint.Inside()));
        Assert.True(_hub.Active);
        Assert.True(_hub.Remove("cap"));
        Assert.False(_hub.Active);
        Assert.False(_hub.Remove("cap"));
    }

    [Fact]
    public void Udp_datagrams_get_ip_and_udp_headers_and_ike_on_4500_its_non_esp_marker()
    {
        var capture = _hub.Set("out", On(new CapturePoint.Outside(Outside)));
        byte[] ike = [1, 2, 3, 4, 5, 6, 7, 8];
        _hub.TapUdp(true, Ike, new IPEndPoint(IPAddress.Parse("198.18.0.2"), 500), ike);
        _hub.TapUdp(false, NatT, Peer, ike, marker: true);
        var packets = capture.Packets;
        Assert.Equal(2, packets.Count);

        var first = packets[0].Data;
        Assert.Equal(0x45, first[0]);
        Assert.Equal(20 + 8 + 8, BinaryPrimitives.ReadUInt16BigEndian(first.AsSpan(2)));
        Assert.Equal(Ipv4Header.ProtocolUdp, first[9]);
        Assert.Equal(0, Ipv4Header.Checksum(first.AsSpan(0, 20))); // a header with its checksum sums to zero (RFC 1071)
        Assert.Equal("198.18.0.2", new Ipv4(BinaryPrimitives.ReadUInt32BigEndian(first.AsSpan(12))).ToString());
        Assert.Equal("198.18.0.1", new Ipv4(BinaryPrimitives.ReadUInt32BigEndian(first.AsSpan(16))).ToString());
        Assert.Equal(500, BinaryPrimitives.ReadUInt16BigEndian(first.AsSpan(20)));
        Assert.Equal(500, BinaryPrimitives.ReadUInt16BigEndian(first.AsSpan(22)));
        Assert.Equal(ike, first[28..]);

        var second = packets[1].Data;
        Assert.Equal("198.18.0.1", new Ipv4(BinaryPrimitives.ReadUInt32BigEndian(second.AsSpan(12))).ToString());
        Assert.Equal(4500, BinaryPrimitives.ReadUInt16BigEndian(second.AsSpan(20)));
        Assert.Equal(8 + 4 + 8, BinaryPrimitives.ReadUInt16BigEndian(second.AsSpan(24)));
        Assert.Equal([0, 0, 0, 0, .. ike], second[28..]);
    }

    [Fact]
    public void A_capture_hears_only_its_own_point()
    {
        var inside = _hub.Set("in", On(new CapturePoint.Inside()));
        var outside = _hub.Set("out", On(new CapturePoint.Outside(Outside)));
        var other = _hub.Set("other", On(new CapturePoint.Outside(Ipv4.Parse("192.0.2.1").Value)));
        _hub.TapInside(CapturePackets.Echo("10.0.0.1", "10.0.0.2"));
        _hub.TapUdp(true, Ike, new IPEndPoint(IPAddress.Parse("198.18.0.2"), 500), [1, 2, 3]);
        Assert.Single(inside.Packets);
        Assert.Single(outside.Packets);
        Assert.Empty(other.Packets);
    }

    [Fact]
    public void A_full_buffer_stops_the_capture_until_cleared_and_a_circular_one_keeps_the_newest()
    {
        var packet = CapturePackets.Echo("10.0.0.1", "10.0.0.2", data: 72); // 100 bytes
        var linear = _hub.Set("linear", On(new CapturePoint.Inside(), buffer: 1600));
        var circular = _hub.Set("circular", On(new CapturePoint.Inside(), buffer: 1600, circular: true));
        for (ushort i = 0; i < 20; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(26), i);
            _hub.TapInside(packet);
        }
        Assert.Equal(16, linear.Packets.Count);
        Assert.Equal(1600, linear.Bytes);
        Assert.True(linear.Full);
        Assert.Equal(0, BinaryPrimitives.ReadUInt16BigEndian(linear.Packets[0].Data.AsSpan(26)));
        Assert.Equal(16, circular.Packets.Count);
        Assert.False(circular.Full);
        Assert.Equal(4, BinaryPrimitives.ReadUInt16BigEndian(circular.Packets[0].Data.AsSpan(26)));

        linear.Clear();
        Assert.False(linear.Full);
        Assert.Equal(0, linear.Bytes);
        _hub.TapInside(packet);
        Assert.Single(linear.Packets);
    }

    [Fact]
    public void Packets_are_cut_to_the_packet_length_and_keep_their_wire_length_and_time()
    {
        var capture = _hub.Set("short", On(new CapturePoint.Inside(), packetLength: 40));
        _hub.TapInside(CapturePackets.Echo("10.0.0.1", "10.0.0.2", data: 100));
        var packet = Assert.Single(capture.Packets);
        Assert.Equal(40, packet.Data.Length);
        Assert.Equal(128, packet.OriginalLength);
        Assert.Equal(_clock.Now, packet.Time);
    }

    [Fact]
    public void Changing_a_capture_keeps_its_packets()
    {
        var capture = _hub.Set("cap", On(new CapturePoint.Inside()));
        _hub.TapInside(CapturePackets.Echo("10.0.0.1", "10.0.0.2"));
        Assert.Same(capture, _hub.Set("cap", capture.Settings with { PacketLength = 100 }));
        Assert.Single(capture.Packets);
        Assert.Equal(100, capture.Settings.PacketLength);
    }

    [Fact]
    public void The_dataplane_taps_clear_packets_both_ways_on_the_inside()
    {
        using var tun = new FakeTun();
        using var outside = new AsaEmu.TestKit.Outside.MemoryOutside();
        var dataplane = new EspDataplane(tun, outside.Endpoints, new FakeRoutes(), SystemRandom.Instance) { Capture = _hub };
        var child = TestSas.Child();
        dataplane.Install(child);
        using var peer = new IpsecSa(TestSas.PeerView(child));
        var inside = _hub.Set("in", On(new CapturePoint.Inside()));

        var toClient = CapturePackets.Echo("198.18.1.2", "198.19.0.10", request: false);
        dataplane.SendToOutside(toClient, new byte[4096]);
        var fromClient = CapturePackets.Echo("198.19.0.10", "198.18.1.2");
        var esp = new byte[fromClient.Length + 100];
        var length = peer.Encapsulate(fromClient, SystemRandom.Instance, esp, 0, out _);
        dataplane.ReceiveFromOutside(esp, 0, length);

        Assert.Equal([toClient, fromClient], inside.Packets.Select(p => p.Data));
    }
}
