using System.Buffers.Binary;

namespace AsaEmu.Dataplane.Tun;

/// <summary>
/// Merges consecutive IPv4/UDP packets of one flow into one packet for a TUN device opened with
/// IFF_VNET_HDR, which the kernel cuts into the original datagrams again (UDP GSO, gso_type
/// UDP_L4): one write, one skb through routing and forwarding instead of one per datagram. Mergeable
/// are packets without IP options or fragmentation, with the same addresses, ports, TOS, TTL and DF,
/// whose UDP payloads all have the first one's size except a shorter last one.
/// </summary>
/// <remarks>
/// What goes to the device (virtio_net_hdr, little-endian, then the merged headers, then the payloads):
/// <code>
///  0      1      2             4             6             8             10
/// +------+------+-------------+-------------+-------------+-------------+
/// |flags |gso   | hdr_len=28  | gso_size    | csum_start  | csum_offset |   virtio_net_hdr
/// |=1    |=5    |             | (payload)   | =20         | =6          |
/// +------+------+-------------+-------------+-------------+-------------+
/// | IPv4 header (20): total length of the merged packet, header checksum |
/// | UDP header (8): merged length, checksum = pseudo-header sum only     |
/// | payload 1 | payload 2 | ... | payload n (may be shorter)             |
/// </code>
/// NEEDS_CSUM (flags 1) has the kernel finish each segment's UDP checksum from the pseudo-header sum.
/// </remarks>
public static class UdpSegmentCoalescing
{
    public const int VirtioHeaderSize = 10, HeaderSize = 28;

    /// <summary>UDP_MAX_SEGMENTS of the kernel.</summary>
    public const int MaxSegments = 64;

    private const byte NeedsChecksum = 1, GsoUdpL4 = 5;

    /// <summary>How many packets from <paramref name="start"/> on merge into one write (at least 1).</summary>
    public static int Run(ReadOnlySpan<PacketSlice> packets, int start)
    {
        var first = packets[start].Span;
        if (!IsPlainUdp(first)) return 1;
        var size = first.Length - HeaderSize;
        var total = first.Length;
        var count = 1;
        while (start + count < packets.Length && count < MaxSegments)
        {
            var next = packets[start + count].Span;
            var payload = next.Length - HeaderSize;
            if (!IsPlainUdp(next) || payload > size || total + payload > ushort.MaxValue || !SameFlow(first, next)) break;
            total += payload;
            count++;
            if (payload < size) break; // a shorter segment can only be the last
        }
        return count;
    }

    /// <summary>IPv4 without options, not a fragment, UDP, lengths consistent, a payload of at least a byte.</summary>
    private static bool IsPlainUdp(ReadOnlySpan<byte> packet) =>
        packet.Length > HeaderSize && packet[0] == 0x45 && packet[9] == 17
        && (BinaryPrimitives.ReadUInt16BigEndian(packet[6..]) & 0x3FFF) == 0 // no MF, offset 0
        && BinaryPrimitives.ReadUInt16BigEndian(packet[2..]) == packet.Length
        && BinaryPrimitives.ReadUInt16BigEndian(packet[24..]) == packet.Length - 20;

    /// <summary>Same TOS, DF, TTL, protocol, addresses and ports.</summary>
    private static bool SameFlow(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        a[1] == b[1] && (a[6] & 0x40) == (b[6] & 0x40) && a[8] == b[8]
        && a.Slice(12, 12).SequenceEqual(b.Slice(12, 12));

    /// <summary>
    /// Writes the virtio_net_hdr and the merged IPv4/UDP header for <paramref name="count"/> (at least 2)
    /// packets from <paramref name="start"/> into <paramref name="header"/> (10 + 28 bytes).
    /// </summary>
    public static void WriteHeader(ReadOnlySpan<PacketSlice> packets, int start, int count, Span<byte> header)
    {
        var first = packets[start].Span;
        var payload = 0;
        for (var i = start; i < start + count; i++) payload += packets[i].Length - HeaderSize;
        header[0] = NeedsChecksum;
        header[1] = GsoUdpL4;
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], HeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], (ushort)(first.Length - HeaderSize));
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 20);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], 6);
        var ip = header.Slice(VirtioHeaderSize, 20);
        var udp = header.Slice(VirtioHeaderSize + 20, 8);
        first[..HeaderSize].CopyTo(header[VirtioHeaderSize..]);
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(HeaderSize + payload));
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], (ushort)~Fold(Sum(ip)));
        var udpLength = (ushort)(8 + payload);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], udpLength);
        // RFC 768 pseudo-header (source, destination, zero, protocol, UDP length), not complemented:
        // the kernel adds the rest of each segment and complements (CHECKSUM_PARTIAL).
        var pseudo = Sum(ip.Slice(12, 8)) + 17u + udpLength;
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], Fold(pseudo));
    }

    private static uint Sum(ReadOnlySpan<byte> data)
    {
        var sum = 0u;
        for (var i = 0; i + 1 < data.Length; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        return sum;
    }

    private static ushort Fold(uint sum)
    {
        while (sum >> 16 != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)sum;
    }
}
