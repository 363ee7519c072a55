using System.Net;
using System.Net.Sockets;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ikev2;

/// <summary>
/// Splits a protected message that would not fit the path into Encrypted Fragment messages (RFC 7383 §2.5):
/// the inner payloads' octets cut into pieces, each sealed on its own (<see cref="SkProtection.SealFragment"/>)
/// under the message's header (the same exchange, flags and message ID), numbered from 1, the first naming
/// the first inner payload. Only once both ends announced IKEV2_FRAGMENTATION_SUPPORTED (§2.3), never for
/// IKE_SA_INIT, and only when the whole message would exceed the MTU.
/// </summary>
public static class Ikev2Fragmenter
{
    /// <summary>IPv4 and IPv6 headers (no options), the UDP header, and the non-ESP marker before IKE on port 4500 (RFC 3948 §2.2).</summary>
    public const int Ipv4HeaderSize = 20, Ipv6HeaderSize = 40, UdpHeaderSize = 8, NonEspMarkerSize = 4;

    private const int NatTPort = 4500;

    /// <summary>
    /// The fewest octets of inner payloads a fragment carries, whatever the MTU: <c>crypto ikev2 fragmentation mtu</c>
    /// goes down to 68, where the headers, IV and ICV alone fill the datagram; the fragments then exceed it.
    /// </summary>
    public const int MinimumPiece = 64;

    /// <summary>
    /// The largest IKE message that fits <paramref name="mtu"/>, a whole IP datagram (§2.5.1: the IP and UDP
    /// headers count, and the non-ESP marker when IKE travels on port 4500) [M: the ASA's MTU counts the IP header].
    /// </summary>
    public static int MessageLimit(long mtu, IPEndPoint peer) =>
        (int)Math.Min(ushort.MaxValue, mtu) - (peer.AddressFamily == AddressFamily.InterNetworkV6 ? Ipv6HeaderSize : Ipv4HeaderSize) - UdpHeaderSize
        - (peer.Port == NatTPort ? NonEspMarkerSize : 0);

    /// <summary>
    /// The message sealed with <paramref name="protection"/>: one SK message when it fits <paramref name="messageLimit"/>
    /// (or when null: fragmentation not agreed, or when one fragment would hold it all), else its fragments, at most
    /// <see cref="Ikev2Reassembly.MaxFragments"/> (larger pieces when the limit would need more).
    /// </summary>
    public static IReadOnlyList<byte[]> Seal(SkProtection protection, Ikev2Header header, IReadOnlyList<Ikev2Payload> inner, int? messageLimit, IRandom random)
    {
        var dataLength = Ikev2Encoder.PayloadsLength(inner);
        if (messageLimit is not { } limit || protection.SealedLength(dataLength) <= limit) return [protection.Seal(header, inner, random)];
        var piece = Math.Max(Math.Max(protection.FragmentCapacity(limit), MinimumPiece), (dataLength + Ikev2Reassembly.MaxFragments - 1) / Ikev2Reassembly.MaxFragments);
        // What one piece holds (an empty INFORMATIONAL under an MTU too small for anything) gains nothing from fragments.
        if (dataLength <= piece) return [protection.Seal(header, inner, random)];
        var data = new byte[dataLength];
        Ikev2Encoder.WritePayloads(inner, data);
        var total = (ushort)((dataLength + piece - 1) / piece);
        var first = inner[0].Type;
        var fragments = new byte[total][];
        for (var i = 0; i < total; i++)
        {
            var at = i * piece;
            fragments[i] = protection.SealFragment(header, first, (ushort)(i + 1), total, data.AsSpan(at, Math.Min(piece, dataLength - at)), random);
        }
        return fragments;
    }
}
