using System.Buffers.Binary;
using AsaEmu.Dataplane.Forwarding;

namespace AsaEmu.Dataplane.Capture;

/// <summary>
/// The IPv4 (and UDP) headers a capture puts in front of what a socket delivered without them:
/// UDP sockets and the raw ESP socket's sends carry only the payload, but a capture shows the
/// packet as it was on the wire.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |Version|  IHL  |Type of Service|          Total Length         |  RFC 791 §3.1
/// |         Identification        |Flags|      Fragment Offset    |
/// |  Time to Live |    Protocol   |         Header Checksum       |
/// |                       Source Address                          |
/// |                    Destination Address                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Source Port          |       Destination Port        |  RFC 768
/// |            Length             |           Checksum (0)        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The UDP checksum is left 0 ("no checksum", allowed over IPv4); the IP header checksum is real.
/// </summary>
public static class Ipv4Synthesis
{
    public const int IpHeaderLength = Ipv4Header.MinLength, UdpHeaderLength = Ipv4Header.UdpHeaderLength;

    /// <summary>TTL written into synthesized headers [M]: what a Linux sender uses.</summary>
    private const byte Ttl = 64;

    /// <summary>Writes an IPv4 header for <paramref name="payloadLength"/> bytes after it; returns its length.</summary>
    public static int WriteIp(Span<byte> destination, uint source, uint target, byte protocol, int payloadLength)
    {
        var header = destination[..IpHeaderLength];
        header.Clear();
        header[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)(IpHeaderLength + payloadLength));
        header[6] = 0x40; // DF
        header[8] = Ttl;
        header[9] = protocol;
        BinaryPrimitives.WriteUInt32BigEndian(header[12..], source);
        BinaryPrimitives.WriteUInt32BigEndian(header[16..], target);
        Ipv4Header.WriteChecksum(header);
        return IpHeaderLength;
    }

    /// <summary>Writes IPv4 and UDP headers for <paramref name="payloadLength"/> bytes of UDP payload; returns their length.</summary>
    public static int WriteUdp(Span<byte> destination, uint source, ushort sourcePort, uint target, ushort targetPort, int payloadLength)
    {
        WriteIp(destination, source, target, Ipv4Header.ProtocolUdp, UdpHeaderLength + payloadLength);
        var udp = destination.Slice(IpHeaderLength, UdpHeaderLength);
        BinaryPrimitives.WriteUInt16BigEndian(udp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], targetPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(UdpHeaderLength + payloadLength));
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], 0);
        return IpHeaderLength + UdpHeaderLength;
    }
}
