using System.Net;
using AsaEmu.Dataplane.Outside;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Sockets;

namespace AsaEmu.Dataplane.Tests.Sockets;

public sealed class UdpSegmentGroupingTests
{
    private static readonly IPAddress Local = IPAddress.Parse("198.18.0.1");
    private static readonly SocketAddress PeerA = new IPEndPoint(IPAddress.Parse("198.18.0.2"), 4500).Serialize();
    private static readonly SocketAddress PeerB = new IPEndPoint(IPAddress.Parse("198.18.0.3"), 4500).Serialize();

    private static OutsideDatagram To(SocketAddress peer, int length, IPAddress? local = null) => new(local ?? Local, peer, new byte[length], length);

    /// <summary>The runs a whole batch is cut into.</summary>
    private static int[] Runs(params OutsideDatagram[] datagrams)
    {
        var runs = new List<int>();
        for (var i = 0; i < datagrams.Length; i += runs[^1]) runs.Add(UdpSegmentGrouping.Run(datagrams, i));
        return [.. runs];
    }

    [Fact]
    public void Equal_sized_packets_to_one_peer_form_one_run_which_a_shorter_last_one_may_end()
    {
        Assert.Equal([4], Runs(To(PeerA, 1400), To(PeerA, 1400), To(PeerA, 1400), To(PeerA, 1400)));
        Assert.Equal([3, 1], Runs(To(PeerA, 1400), To(PeerA, 1400), To(PeerA, 100), To(PeerA, 100)));
    }

    [Fact]
    public void A_larger_packet_another_peer_or_another_local_address_starts_a_new_run()
    {
        Assert.Equal([1, 2], Runs(To(PeerA, 100), To(PeerA, 1400), To(PeerA, 1400)));
        Assert.Equal([2, 2], Runs(To(PeerA, 1400), To(PeerA, 1400), To(PeerB, 1400), To(PeerB, 1400)));
        Assert.Equal([1, 1], Runs(To(PeerA, 1400), To(PeerA, 1400, IPAddress.Parse("198.18.0.9"))));
    }

    [Fact]
    public void A_peer_is_compared_by_address_not_by_instance()
    {
        var same = new IPEndPoint(IPAddress.Parse("198.18.0.2"), 4500).Serialize();
        Assert.Equal([2], Runs(To(PeerA, 1400), To(same, 1400)));
    }

    [Fact]
    public void A_run_stops_at_the_kernels_segment_limit_and_the_largest_udp_payload()
    {
        var small = Enumerable.Repeat(To(PeerA, 100), 70).ToArray();
        Assert.Equal([64, 6], Runs(small));
        var large = Enumerable.Repeat(To(PeerA, 1400), 50).ToArray();
        Assert.Equal([46, 4], Runs(large)); // 46 * 1400 = 64400 <= 65507 < 47 * 1400
    }
}
