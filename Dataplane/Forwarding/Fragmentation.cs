using System.Buffers.Binary;
using AsaEmu.Dataplane.Esp;

namespace AsaEmu.Dataplane.Forwarding;

/// <summary>
/// Fragmentation before encryption: how large a clear packet may be so that its ESP packet fits the
/// outside MTU, and RFC 791 fragmentation (§2.3, §3.2 "An Example Fragmentation Procedure") of a
/// clear packet into pieces of at most that size, each with its own header and checksum.
/// </summary>
public static class Fragmentation
{
    /// <summary>
    /// The largest inner packet whose ESP packet, with its outer IPv4 header (and UDP header under
    /// NAT-T), fits <paramref name="mtu"/>: the MTU less outer IP (20), UDP (8), ESP header (8), IV,
    /// pad length and next header (2) and ICV, the ciphertext rounded down to the cipher's alignment
    /// (RFC 4303 §2.4). Below 0 when nothing fits.
    /// </summary>
    public static int MaxInnerLength(EspSa sa, bool udpEncapsulated, long mtu)
    {
        var room = (int)Math.Min(mtu, ushort.MaxValue) - Ipv4Header.MinLength - (udpEncapsulated ? Ipv4Header.UdpHeaderLength : 0)
            - EspCodec.HeaderSize - sa.Cipher.IvSize - sa.IcvSize;
        return room < 0 ? -1 : room / sa.Alignment * sa.Alignment - 2;
    }

    /// <summary>What ESP adds to an inner packet at most: outer headers, ESP header, IV, ICV, a full alignment of padding and 2 bytes.</summary>
    public static int Overhead(EspSa sa, bool udpEncapsulated) =>
        Ipv4Header.MinLength + (udpEncapsulated ? Ipv4Header.UdpHeaderLength : 0) + EspCodec.HeaderSize + sa.Cipher.IvSize
        + sa.Alignment + 2 + sa.IcvSize;

    /// <summary>Whether <paramref name="packet"/> (a valid header) can be cut into fragments of at most <paramref name="maxLength"/> bytes.</summary>
    public static bool CanFragment(ReadOnlySpan<byte> packet, int maxLength) =>
        Ipv4Header.HeaderLength(packet) + 8 <= maxLength;

    /// <summary>
    /// Writes the fragment of <paramref name="packet"/> whose data starts <paramref name="dataOffset"/>
    /// bytes into the packet's data, at most <paramref name="maxLength"/> bytes long, into
    /// <paramref name="destination"/>; returns its length and the data offset of the next fragment
    /// (-1 after the last). The first fragment keeps every option, the others only those with the
    /// copied flag (RFC 791 §3.1 "Options"). Every fragment but the last carries a multiple of 8
    /// data bytes and MF; offsets count from the original packet's own offset, so a fragment can be
    /// fragmented again. DF is cleared: the packet is being fragmented. Requires <see cref="CanFragment"/>.
    /// </summary>
    public static int WriteFragment(ReadOnlySpan<byte> packet, int dataOffset, int maxLength, Span<byte> destination, out int nextOffset)
    {
        var headerLength = Ipv4Header.HeaderLength(packet);
        var data = packet[headerLength..Ipv4Header.TotalLength(packet)];
        var header = destination[..Ipv4Header.MinLength];
        packet[..Ipv4Header.MinLength].CopyTo(header);
        var fragmentHeaderLength = dataOffset == 0
            ? CopyAllOptions(packet[Ipv4Header.MinLength..headerLength], destination[Ipv4Header.MinLength..])
            : CopyCopiedOptions(packet[Ipv4Header.MinLength..headerLength], destination[Ipv4Header.MinLength..]);
        fragmentHeaderLength += Ipv4Header.MinLength;

        var left = data.Length - dataOffset;
        var room = maxLength - fragmentHeaderLength;
        var last = left <= room;
        var length = last ? left : room & ~7;
        data.Slice(dataOffset, length).CopyTo(destination[fragmentHeaderLength..]);

        var original = Ipv4Header.FlagsAndOffset(packet);
        var offsetUnits = (original & Ipv4Header.OffsetMask) + dataOffset / 8;
        var moreFragments = !last || (original & Ipv4Header.MoreFragmentsFlag) != 0;
        destination[0] = (byte)(0x40 | fragmentHeaderLength / 4);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(fragmentHeaderLength + length));
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], (ushort)((moreFragments ? Ipv4Header.MoreFragmentsFlag : 0) | offsetUnits));
        Ipv4Header.WriteChecksum(destination[..fragmentHeaderLength]);
        nextOffset = last ? -1 : dataOffset + length;
        return fragmentHeaderLength + length;
    }

    private static int CopyAllOptions(ReadOnlySpan<byte> options, Span<byte> destination)
    {
        options.CopyTo(destination);
        return options.Length;
    }

    /// <summary>The options whose type has the copied flag (0x80), padded with End of Option List to a multiple of 4.</summary>
    private static int CopyCopiedOptions(ReadOnlySpan<byte> options, Span<byte> destination)
    {
        var written = 0;
        var i = 0;
        while (i < options.Length)
        {
            var type = options[i];
            if (type == 0) break; // End of Option List
            if (type == 1) { i++; continue; } // No Operation: not copied
            if (i + 1 >= options.Length || options[i + 1] < 2 || i + options[i + 1] > options.Length) break; // malformed: stop
            var length = options[i + 1];
            if ((type & 0x80) != 0)
            {
                options.Slice(i, length).CopyTo(destination[written..]);
                written += length;
            }
            i += length;
        }
        while (written % 4 != 0) destination[written++] = 0;
        return written;
    }
}
