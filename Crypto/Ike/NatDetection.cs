using System.Buffers.Binary;
using System.Net;
using AsaEmu.Crypto.Isakmp;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// NAT discovery (RFC 3947 §3.2, and the drafts with payload type 130): each side hashes
/// CKY-I | CKY-R | IP | port of the addresses as it sees them; a mismatch reveals a NAT.
/// </summary>
public static class NatDetection
{
    public static byte[] Hash(IkeSa sa, IkeHash prf, IPEndPoint endpoint)
    {
        Span<byte> data = stackalloc byte[8 + 8 + 16 + 2];
        BinaryPrimitives.WriteUInt64BigEndian(data, sa.CookieI);
        BinaryPrimitives.WriteUInt64BigEndian(data[8..], sa.CookieR);
        var address = endpoint.Address.GetAddressBytes();
        address.CopyTo(data[16..]);
        BinaryPrimitives.WriteUInt16BigEndian(data[(16 + address.Length)..], (ushort)endpoint.Port);
        var hash = new byte[prf.Length];
        prf.Hash(data[..(16 + address.Length + 2)], hash);
        return hash;
    }

    public static PayloadType PayloadTypeFor(NatTVersion version) =>
        version == NatTVersion.Rfc3947 ? PayloadType.NatDiscovery : PayloadType.NatDiscoveryDraft;

    /// <summary>
    /// Our NAT-D pair: first the peer's address as we see it, then ours (RFC 3947 §3.2: the first
    /// NAT-D is the remote end's).
    /// </summary>
    public static IEnumerable<Payload> Payloads(IkeSa sa, IkeHash prf, NatTVersion version) =>
    [
        new NatDPayload(PayloadTypeFor(version), Hash(sa, prf, sa.Peer)),
        new NatDPayload(PayloadTypeFor(version), Hash(sa, prf, sa.Local)),
    ];

    /// <summary>
    /// Checks the initiator's NAT-D payloads (first: our address as it sent to us; then its own):
    /// our address hashed differently means we are behind a NAT; none of its hashes matching its
    /// source as we see it means it is.
    /// </summary>
    public static void Detect(IkeSa sa, IkeHash prf, IReadOnlyList<NatDPayload> received)
    {
        if (received.Count < 2) return;
        sa.LocalBehindNat = !received[0].Hash.Span.SequenceEqual(Hash(sa, prf, sa.Local));
        var peer = Hash(sa, prf, sa.Peer);
        sa.PeerBehindNat = !received.Skip(1).Any(p => p.Hash.Span.SequenceEqual(peer));
    }

    public static string Status(IkeSa sa) =>
        $"Automatic NAT Detection Status:    Remote end {(sa.PeerBehindNat ? " IS " : "is NOT")} behind a NAT device    This  end {(sa.LocalBehindNat ? " IS " : "is NOT")} behind a NAT device";
}
