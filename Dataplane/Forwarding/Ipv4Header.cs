using System.Buffers.Binary;

namespace AsaEmu.Dataplane.Forwarding;

/// <summary>
/// The IPv4 header fields the ESP path reads and writes (RFC 791 §3.1), and the Internet checksum
/// (RFC 1071).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |Version|  IHL  |Type of Service|          Total Length         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Identification        |0|D|M|      Fragment Offset    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Time to Live |    Protocol   |         Header Checksum       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                       Source Address                          |
/// |                    Destination Address                        |
/// |                    Options                    |    Padding    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public static class Ipv4Header
{
    public const int MinLength = 20;
    public const int UdpHeaderLength = 8;
    /// <summary>IP protocol numbers (IANA) the dataplane and captures look at.</summary>
    public const byte ProtocolIcmp = 1, ProtocolTcp = 6, ProtocolUdp = 17, ProtocolEsp = 50;
    public const ushort DontFragmentFlag = 0x4000, MoreFragmentsFlag = 0x2000, OffsetMask = 0x1FFF;

    public static int HeaderLength(ReadOnlySpan<byte> packet) => (packet[0] & 0x0F) * 4;
    public static int TotalLength(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
    public static ushort FlagsAndOffset(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt16BigEndian(packet[6..]);
    public static bool DontFragment(ReadOnlySpan<byte> packet) => (packet[6] & 0x40) != 0;
    public static uint Source(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[12..]);
    public static uint Destination(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[16..]);

    /// <summary>A well-formed header: version 4, 20 ≤ IHL ≤ total length ≤ the bytes there are.</summary>
    public static bool IsValid(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < MinLength || packet[0] >> 4 != 4) return false;
        var header = HeaderLength(packet);
        var total = TotalLength(packet);
        return header >= MinLength && header <= total && total <= packet.Length;
    }

    /// <summary>Zeroes the checksum field of <paramref name="header"/> and writes the checksum over it.</summary>
    public static void WriteChecksum(Span<byte> header)
    {
        header[10] = header[11] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], Checksum(header));
    }

    /// <summary>The one's complement of the one's complement sum of 16-bit words (RFC 1071 §4.1); an odd last byte is padded with zero.</summary>
    public static ushort Checksum(ReadOnlySpan<byte> data)
    {
        ulong sum = 0;
        var i = 0;
        for (; i + 1 < data.Length; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        if (i < data.Length) sum += (ulong)data[i] << 8;
        while (sum >> 16 != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }
}
