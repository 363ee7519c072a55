using AsaEmu.Dataplane.Outside;

namespace AsaEmu.Dataplane.Sockets;

/// <summary>
/// Which consecutive datagrams may leave in one UDP GSO send (UDP_SEGMENT, Linux 4.18): the kernel
/// cuts the payload into segments of the segment size, so every datagram but the last must have
/// exactly the first one's size (the last may be shorter), and all go from one address to one peer.
/// </summary>
public static class UdpSegmentGrouping
{
    /// <summary>The largest UDP payload of one IPv4 datagram (65535 - 20 - 8): the limit of the whole GSO send.</summary>
    public const int MaxPayload = 65507;

    /// <summary>How many datagrams from <paramref name="start"/> on fit one send (at least 1).</summary>
    public static int Run(ReadOnlySpan<OutsideDatagram> datagrams, int start)
    {
        var first = datagrams[start];
        var size = first.Length;
        var total = size;
        var count = 1;
        while (start + count < datagrams.Length && count < BatchSyscalls.UdpMaxSegments)
        {
            var next = datagrams[start + count];
            if (next.Length > size || next.Length == 0 || total + next.Length > MaxPayload) break;
            if (!next.Local.Equals(first.Local) || !next.Peer.Equals(first.Peer)) break;
            total += next.Length;
            count++;
            if (next.Length < size) break; // a shorter segment can only be the last
        }
        return count;
    }
}
