using System.Buffers.Binary;

namespace AsaEmu.Dataplane.Forwarding;

/// <summary>
/// ICMP Destination Unreachable, Fragmentation Needed and DF Set (RFC 792 type 3 code 4) with the
/// Next-Hop MTU of RFC 1191 §4, for the inside sender of a packet too large for the tunnel.
/// <code>
/// IPv4 header (20 bytes): to the original source, from the original destination
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 3    |   Code = 4    |           Checksum            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           unused = 0          |         Next-Hop MTU          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      Internet Header + 64 bits of Original Data Datagram      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The source is the original destination (the client's address): the message is written into
/// the TUN device, and the host forwards it only from an address routed through that device
/// (reverse-path filtering); the sender's PMTU discovery matches on the quoted header, not on the
/// source.
/// </summary>
public static class IcmpFragmentationNeeded
{
    public const byte TypeDestinationUnreachable = 3, CodeFragmentationNeeded = 4;
    private const int IcmpHeaderLength = 8;

    /// <summary>The longest message: a 20-byte header, the ICMP header, a 60-byte quoted header and 8 bytes.</summary>
    public const int MaxLength = Ipv4Header.MinLength + IcmpHeaderLength + 60 + 8;

    /// <summary>
    /// Whether an ICMP error may answer <paramref name="packet"/> (a valid header), RFC 1122 §3.2.2:
    /// not an ICMP error message, not a fragment other than the first, not from or to an address
    /// that is not one host (0.0.0.0, 127/8, class D/E, limited broadcast).
    /// </summary>
    public static bool MayAnswer(ReadOnlySpan<byte> packet)
    {
        if ((Ipv4Header.FlagsAndOffset(packet) & Ipv4Header.OffsetMask) != 0) return false;
        if (!IsOneHost(Ipv4Header.Source(packet)) || !IsOneHost(Ipv4Header.Destination(packet))) return false;
        if (packet[9] != Ipv4Header.ProtocolIcmp) return true;
        var headerLength = Ipv4Header.HeaderLength(packet);
        if (Ipv4Header.TotalLength(packet) <= headerLength) return false;
        return !IsError(packet[headerLength]);
    }

    /// <summary>ICMP types that are error messages: unreachable, source quench, redirect, time exceeded, parameter problem.</summary>
    private static bool IsError(byte type) => type is 3 or 4 or 5 or 11 or 12;

    private static bool IsOneHost(uint address) =>
        address != 0 && address != uint.MaxValue && address >> 24 != 127 && address >> 28 < 14;

    /// <summary>Writes the message for <paramref name="packet"/> (a valid header) into <paramref name="destination"/>; returns its length.</summary>
    public static int Write(ReadOnlySpan<byte> packet, int nextHopMtu, Span<byte> destination)
    {
        var quoted = Math.Min(Ipv4Header.HeaderLength(packet) + 8, Ipv4Header.TotalLength(packet));
        var length = Ipv4Header.MinLength + IcmpHeaderLength + quoted;
        var ip = destination[..Ipv4Header.MinLength];
        ip.Clear();
        ip[0] = 0x45;
        ip[1] = 0xC0; // precedence Internetwork Control, as hosts send ICMP errors (RFC 1812 §4.3.2.5)
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)length);
        ip[8] = 64;
        ip[9] = Ipv4Header.ProtocolIcmp;
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], Ipv4Header.Destination(packet));
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], Ipv4Header.Source(packet));
        Ipv4Header.WriteChecksum(ip);

        var icmp = destination[Ipv4Header.MinLength..length];
        icmp[0] = TypeDestinationUnreachable;
        icmp[1] = CodeFragmentationNeeded;
        icmp[2] = icmp[3] = icmp[4] = icmp[5] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(icmp[6..], (ushort)Math.Clamp(nextHopMtu, 0, ushort.MaxValue));
        packet[..quoted].CopyTo(icmp[IcmpHeaderLength..]);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], Ipv4Header.Checksum(icmp));
        return length;
    }
}
