using System.Buffers.Binary;
using AsaEmu.Dataplane.Tests.Forwarding;
using AsaEmu.Dataplane.Tun;

namespace AsaEmu.Dataplane.Tests.Tun;

public sealed class UdpSegmentCoalescingTests
{
    /// <summary>An IPv4/UDP datagram with a valid header checksum.</summary>
    internal static byte[] Udp(string source, string destination, int payload, ushort sourcePort = 4444, ushort port = 5555, byte seed = 0)
    {
        var packet = Packets.Ipv4(source, destination, 8 + payload, seed);
        packet[9] = 17;
        packet[6] = 0x40; // DF
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), 0);
        var sum = 0u;
        for (var i = 0; i < 20; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(i));
        while (sum >> 16 != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), (ushort)~sum);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(20), sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(22), port);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(24), (ushort)(8 + payload));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(26), 0);
        return packet;
    }

    private static PacketSlice[] Slices(params byte[][] packets) => [.. packets.Select(p => new PacketSlice(p, 0, p.Length))];

    private static int[] Runs(params byte[][] packets)
    {
        var slices = Slices(packets);
        var runs = new List<int>();
        for (var i = 0; i < slices.Length; i += runs[^1]) runs.Add(UdpSegmentCoalescing.Run(slices, i));
        return [.. runs];
    }

    [Fact]
    public void Equal_sized_datagrams_of_one_flow_merge_and_a_shorter_one_ends_the_run()
    {
        var a = Udp("198.19.0.10", "198.18.1.2", 1272);
        Assert.Equal([4], Runs(a, a, a, Udp("198.19.0.10", "198.18.1.2", 100)));
        Assert.Equal([3, 1], Runs(a, a, Udp("198.19.0.10", "198.18.1.2", 100), a));
    }

    [Fact]
    public void Another_flow_a_longer_datagram_tcp_options_or_fragments_do_not_merge()
    {
        var a = Udp("198.19.0.10", "198.18.1.2", 1000);
        Assert.Equal([1, 1], Runs(a, Udp("198.19.0.10", "198.18.1.2", 1000, sourcePort: 4445)));
        Assert.Equal([1, 1], Runs(a, Udp("198.19.0.11", "198.18.1.2", 1000)));
        Assert.Equal([1, 1], Runs(Udp("198.19.0.10", "198.18.1.2", 500), a));
        Assert.Equal([1, 1], Runs(a, Packets.Ipv4("198.19.0.10", "198.18.1.2", 1008)));
        var fragment = (byte[])a.Clone();
        fragment[6] |= 0x20; // MF
        Assert.Equal([1, 1, 1], Runs(fragment, a, fragment));
        var noDf = (byte[])a.Clone();
        noDf[6] = 0;
        Assert.Equal([1, 1], Runs(a, noDf));
    }

    [Fact]
    public void A_run_stops_at_64_segments_and_at_the_largest_ip_packet()
    {
        var small = Udp("198.19.0.10", "198.18.1.2", 100);
        Assert.Equal([64, 6], Runs([.. Enumerable.Repeat(small, 70)]));
        var large = Udp("198.19.0.10", "198.18.1.2", 1400);
        Assert.Equal([46, 4], Runs([.. Enumerable.Repeat(large, 50)])); // 28 + 46 * 1400 = 64428 <= 65535
    }

    [Fact]
    public void The_merged_header_asks_for_udp_segmentation_with_a_valid_ip_header_and_the_pseudo_header_sum()
    {
        var a = Udp("198.19.0.10", "198.18.1.2", 1000);
        var last = Udp("198.19.0.10", "198.18.1.2", 300);
        var header = new byte[UdpSegmentCoalescing.VirtioHeaderSize + UdpSegmentCoalescing.HeaderSize];

        UdpSegmentCoalescing.WriteHeader(Slices(a, a, last), 0, 3, header);

        Assert.Equal([1, 5], header[..2]); // NEEDS_CSUM, GSO_UDP_L4
        Assert.Equal((28, 1000, 20, 6), (BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(2)), BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(4)),
            BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(6)), BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(8))));
        var ip = header.AsSpan(10, 20);
        Assert.Equal(28 + 2300, BinaryPrimitives.ReadUInt16BigEndian(ip[2..]));
        Assert.Equal(a.AsSpan(12, 8).ToArray(), ip.Slice(12, 8).ToArray());
        Assert.Equal(0xFFFFu, Sum(ip)); // a header with a valid checksum sums to all ones
        var udp = header.AsSpan(30, 8);
        Assert.Equal(8 + 2300, BinaryPrimitives.ReadUInt16BigEndian(udp[4..]));
        // The UDP checksum field holds the pseudo-header sum, not complemented (CHECKSUM_PARTIAL).
        var pseudo = Sum(ip.Slice(12, 8)) + 17 + 8 + 2300;
        Assert.Equal(Fold(pseudo), BinaryPrimitives.ReadUInt16BigEndian(udp[6..]));
    }

    private static uint Sum(ReadOnlySpan<byte> data)
    {
        var sum = 0u;
        for (var i = 0; i < data.Length; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        return Fold(sum);
    }

    private static ushort Fold(uint sum)
    {
        while (sum >> 16 != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)sum;
    }
}
