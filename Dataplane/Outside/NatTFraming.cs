using System.Buffers.Binary;

namespace AsaEmu.Dataplane.Outside;

/// <summary>
/// What a datagram on UDP 4500 is (RFC 3948 §2): IKE behind the 4-byte zero non-ESP marker, a one-byte
/// 0xFF NAT-T keepalive, or ESP (its non-zero SPI first).
/// <code>
///   IKE:       0x00000000 | ISAKMP header ...
///   keepalive: 0xFF
///   ESP:       SPI (non-zero) | sequence number | ...
/// </code>
/// An ipsec-udp port (Cisco's IPsec over UDP) carries ESP the same way and no IKE: what classifies as IKE
/// there is vpnc's keepalive (0x00000000 0xFF) and is dropped with the one-byte one.
/// </summary>
public static class NatTFraming
{
    public const int MarkerLength = 4;

    public enum Kind { Ike, Keepalive, Esp }

    public static Kind Classify(ReadOnlySpan<byte> datagram) =>
        datagram.Length == 1 && datagram[0] == 0xFF ? Kind.Keepalive
        : datagram.Length < MarkerLength || BinaryPrimitives.ReadUInt32BigEndian(datagram) != 0 ? Kind.Esp
        : Kind.Ike;

    /// <summary>An IKE message for port 4500: the marker, then the message.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> message)
    {
        var framed = new byte[message.Length + MarkerLength];
        message.CopyTo(framed.AsSpan(MarkerLength));
        return framed;
    }

    /// <summary>A NAT-T keepalive (RFC 3948 §2.3).</summary>
    public static readonly byte[] Keepalive = [0xFF];
}
