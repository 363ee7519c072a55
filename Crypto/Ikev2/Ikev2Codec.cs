using System.Buffers.Binary;
using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Ikev2;

/// <summary>
/// Decodes IKEv2 messages (RFC 7296 §3). As the ISAKMP decoder: bounds-checked everywhere, never
/// throws on input (a malformed message is a <see cref="DecodeError"/>), bodies are slices of the
/// datagram, and what is allocated is bounded by the bytes present, never by a count field: each
/// chain (payloads, proposals, transforms, attributes, traffic selectors) is walked and checked
/// before its array is made at the size found.
/// <code>
/// Generic payload header (§3.2):
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Next Payload  |C|  RESERVED   |         Payload Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// An SK (or SKF) payload ends the chain: its Next Payload names the first payload inside it (§3.14),
/// so the chain must end with it. Its contents decode with <see cref="TryDecodePayloads"/> once opened.
/// </summary>
public static class Ikev2Codec
{
    public const int GenericHeaderSize = 4;

    /// <summary>Payloads a message may carry (a real IKE_AUTH has about fifteen).</summary>
    public const int MaxPayloads = 256;

    private const byte CriticalBit = 0x80;

    /// <summary>Decodes a whole message: the header, then the payloads outside any SK payload.</summary>
    public static bool TryDecode(ReadOnlyMemory<byte> datagram, out Ikev2Message? message, out DecodeError? error)
    {
        message = null;
        if (!Ikev2Header.TryRead(datagram.Span, out var header))
        {
            error = new DecodeError("message shorter than the IKEv2 header", 0);
            return false;
        }
        if (header.Length < Ikev2Header.Size || header.Length > datagram.Length)
        {
            error = new DecodeError($"header length {header.Length} does not fit the {datagram.Length}-byte datagram", 24);
            return false;
        }
        var body = datagram[Ikev2Header.Size..(int)header.Length];
        if (!TryDecodePayloads(header.NextPayload, body, outer: true, out var payloads, out error))
        {
            error = error! with { Offset = error.Offset + Ikev2Header.Size };
            return false;
        }
        message = new Ikev2Message(header, payloads!);
        return true;
    }

    /// <summary>
    /// Decodes a payload chain that starts with <paramref name="first"/> and fills <paramref name="body"/>
    /// exactly: a message's body (<paramref name="outer"/>: it may end with an SK or SKF payload) or the
    /// plaintext of an opened SK payload (padding already removed; no SK inside).
    /// </summary>
    public static bool TryDecodePayloads(Ikev2PayloadType first, ReadOnlyMemory<byte> body, bool outer, out IReadOnlyList<Ikev2Payload>? payloads, out DecodeError? error)
    {
        payloads = null;
        var span = body.Span;
        // The generic headers alone first: a chain too long or that lies about a length costs nothing.
        var count = 0;
        var at = 0;
        for (var next = first; next != Ikev2PayloadType.None; count++)
        {
            if (count == MaxPayloads) { error = new DecodeError($"more than {MaxPayloads} payloads", at); return false; }
            if (span.Length - at < GenericHeaderSize) { error = new DecodeError($"truncated {Name(next)} payload header", at); return false; }
            var length = BinaryPrimitives.ReadUInt16BigEndian(span[(at + 2)..]);
            if (length < GenericHeaderSize || length > span.Length - at)
            {
                error = new DecodeError($"{Name(next)} payload length {length} out of bounds", at);
                return false;
            }
            var encrypted = next is Ikev2PayloadType.Encrypted or Ikev2PayloadType.EncryptedFragment;
            if (encrypted && !outer) { error = new DecodeError($"{Name(next)} payload inside an encrypted payload", at); return false; }
            next = encrypted ? Ikev2PayloadType.None : (Ikev2PayloadType)span[at];
            at += length;
        }
        if (at != span.Length) { error = new DecodeError($"{span.Length - at} bytes after the last payload", at); return false; }

        var list = count == 0 ? [] : new Ikev2Payload[count];
        at = 0;
        for (var (i, type) = (0, first); i < count; i++)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(span[(at + 2)..]);
            var nextField = (Ikev2PayloadType)span[at];
            var content = body.Slice(at + GenericHeaderSize, length - GenericHeaderSize);
            var payload = DecodeBody(type, nextField, content, out var reason);
            if (payload is null) { error = new DecodeError($"malformed {Name(type)} payload: {reason}", at); return false; }
            payload.Frame(content);
            list[i] = (span[at + 1] & CriticalBit) != 0 ? payload with { Critical = true } : payload;
            type = nextField;
            at += length;
        }
        payloads = list;
        error = null;
        return true;
    }

    private static Ikev2Payload? DecodeBody(Ikev2PayloadType type, Ikev2PayloadType nextField, ReadOnlyMemory<byte> content, out string reason)
    {
        reason = "";
        var s = content.Span;
        switch (type)
        {
            case Ikev2PayloadType.SecurityAssociation:
                return DecodeSa(content, out reason);
            case Ikev2PayloadType.KeyExchange:
                // §3.4: DH Group Num (2), RESERVED (2), Key Exchange Data.
                if (s.Length < 4) { reason = "shorter than 4 bytes"; return null; }
                return new Ikev2KePayload(BinaryPrimitives.ReadUInt16BigEndian(s), content[4..]);
            case Ikev2PayloadType.IdInitiator or Ikev2PayloadType.IdResponder:
                // §3.5: ID Type (1), RESERVED (3), Identification Data.
                if (s.Length < 4) { reason = "shorter than 4 bytes"; return null; }
                return new Ikev2IdPayload(type == Ikev2PayloadType.IdInitiator, s[0], content[4..]);
            case Ikev2PayloadType.Authentication:
                // §3.8: Auth Method (1), RESERVED (3), Authentication Data.
                if (s.Length < 4) { reason = "shorter than 4 bytes"; return null; }
                return new Ikev2AuthPayload(s[0], content[4..]);
            case Ikev2PayloadType.Nonce:
                return new Ikev2NoncePayload(content);
            case Ikev2PayloadType.Notify:
                return DecodeNotify(content, out reason);
            case Ikev2PayloadType.Delete:
                return DecodeDelete(content, out reason);
            case Ikev2PayloadType.VendorId:
                return new Ikev2VendorIdPayload(content);
            case Ikev2PayloadType.TsInitiator or Ikev2PayloadType.TsResponder:
                return DecodeTs(type == Ikev2PayloadType.TsInitiator, content, out reason);
            case Ikev2PayloadType.Encrypted:
                return new Ikev2EncryptedPayload(nextField, content);
            case Ikev2PayloadType.EncryptedFragment:
                // RFC 7383 §2.5: Fragment Number (2), Total Fragments (2), then IV, ciphertext, ICV.
                if (s.Length < 4) { reason = "shorter than 4 bytes"; return null; }
                var (number, total) = (BinaryPrimitives.ReadUInt16BigEndian(s), BinaryPrimitives.ReadUInt16BigEndian(s[2..]));
                if (number == 0 || number > total) { reason = $"fragment {number} of {total}"; return null; }
                return new Ikev2EncryptedFragmentPayload(nextField, number, total, content[4..]);
            default:
                return new Ikev2OpaquePayload(type, content);
        }
    }

    /// <summary>
    /// Notify (§3.10):
    /// <code>
    /// |  Protocol ID  |   SPI Size    |      Notify Message Type      |
    /// ~                Security Parameter Index (SPI)                 ~
    /// ~                       Notification Data                       ~
    /// </code>
    /// </summary>
    private static Ikev2NotifyPayload? DecodeNotify(ReadOnlyMemory<byte> content, out string reason)
    {
        var s = content.Span;
        reason = "";
        if (s.Length < 4) { reason = "shorter than 4 bytes"; return null; }
        var spiSize = s[1];
        if (spiSize is not (0 or 4 or 8)) { reason = $"SPI size {spiSize}"; return null; }
        if (s.Length < 4 + spiSize) { reason = "SPI beyond the payload"; return null; }
        return new Ikev2NotifyPayload(s[0], content.Slice(4, spiSize), BinaryPrimitives.ReadUInt16BigEndian(s[2..]), content[(4 + spiSize)..]);
    }

    /// <summary>
    /// Delete (§3.11): Protocol ID (1), SPI Size (1), Num of SPIs (2), then exactly that many SPIs: none
    /// of size 0 for the IKE SA, 4-octet ones for ESP and AH. They stay one slice.
    /// </summary>
    private static Ikev2DeletePayload? DecodeDelete(ReadOnlyMemory<byte> content, out string reason)
    {
        var s = content.Span;
        reason = "";
        if (s.Length < 4) { reason = "shorter than 4 bytes"; return null; }
        var (protocol, spiSize) = (s[0], s[1]);
        var count = BinaryPrimitives.ReadUInt16BigEndian(s[2..]);
        var valid = protocol switch
        {
            Ikev2Protocols.Ike => spiSize == 0 && count == 0,
            Ikev2Protocols.Esp or Ikev2Protocols.Ah => spiSize == 4,
            _ => false,
        };
        if (!valid) { reason = $"{count} SPIs of size {spiSize} for protocol {protocol}"; return null; }
        if (s.Length - 4 != spiSize * count) { reason = $"{count} SPIs of {spiSize} bytes in {s.Length - 4} bytes"; return null; }
        return new Ikev2DeletePayload(protocol, spiSize, content[4..]);
    }

    /// <summary>
    /// Traffic Selector (§3.13): Number of TSs (1), RESERVED (3), then exactly that many selectors (§3.13.1):
    /// <code>
    /// |   TS Type     |IP Protocol ID*|       Selector Length         |
    /// |           Start Port*         |           End Port*           |
    /// ~                         Starting Address*                     ~
    /// ~                         Ending Address*                       ~
    /// </code>
    /// whose lengths must be their type's (16 for IPv4, 40 for IPv6).
    /// </summary>
    private static Ikev2TsPayload? DecodeTs(bool initiator, ReadOnlyMemory<byte> content, out string reason)
    {
        var s = content.Span;
        reason = "";
        if (s.Length < 4) { reason = "shorter than 4 bytes"; return null; }
        int declared = s[0];
        var count = 0;
        for (var at = 4; at < s.Length; count++)
        {
            if (s.Length - at < 4) { reason = "truncated traffic selector"; return null; }
            var length = BinaryPrimitives.ReadUInt16BigEndian(s[(at + 2)..]);
            if (length != TsTypes.Length(s[at])) { reason = $"selector of type {s[at]} and length {length}"; return null; }
            if (length > s.Length - at) { reason = "selector beyond the payload"; return null; }
            at += length;
        }
        if (count != declared) { reason = $"{declared} selectors declared, {count} present"; return null; }
        var selectors = count == 0 ? [] : new TrafficSelector[count];
        for (var (i, at) = (0, 4); i < count; i++)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(s[(at + 2)..]);
            var addressLength = (length - 8) / 2;
            selectors[i] = new TrafficSelector(s[at], s[at + 1], BinaryPrimitives.ReadUInt16BigEndian(s[(at + 4)..]), BinaryPrimitives.ReadUInt16BigEndian(s[(at + 6)..]),
                content.Slice(at + 8, addressLength), content.Slice(at + 8 + addressLength, addressLength));
            at += length;
        }
        return new Ikev2TsPayload(initiator, selectors);
    }

    /// <summary>The substructure header of proposals and transforms: Last Substruc, RESERVED, Length (§3.3.1, §3.3.2), and 4 fixed octets.</summary>
    private const int SubstructureSize = 8;

    /// <summary>The Last Substruc values: 2 before another proposal, 3 before another transform, 0 after the last (§3.3.1, §3.3.2).</summary>
    private const byte MoreProposals = 2, MoreTransforms = 3;

    /// <summary>Security Association (§3.3): a chain of proposals filling the payload.</summary>
    private static Ikev2SaPayload? DecodeSa(ReadOnlyMemory<byte> content, out string reason)
    {
        if (!TryCountChain(content.Span, MoreProposals, "proposal", out var count, out reason)) return null;
        var proposals = count == 0 ? [] : new Ikev2Proposal[count];
        for (var (i, at) = (0, 0); i < count; i++)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(content.Span[(at + 2)..]);
            var proposal = DecodeProposal(content.Slice(at, length), out reason);
            if (proposal is null) return null;
            proposals[i] = proposal;
            at += length;
        }
        return new Ikev2SaPayload(proposals);
    }

    /// <summary>
    /// Proposal (§3.3.1):
    /// <code>
    /// | Last Substruc |   RESERVED    |         Proposal Length       |
    /// | Proposal Num  |  Protocol ID  |    SPI Size   |Num  Transforms|
    /// ~                        SPI (variable)                         ~
    /// ~                        &lt;Transforms&gt;                           ~
    /// </code>
    /// Transform (§3.3.2):
    /// <code>
    /// | Last Substruc |   RESERVED    |        Transform Length       |
    /// |Transform Type |   RESERVED    |          Transform ID         |
    /// ~                      Transform Attributes                     ~
    /// </code>
    /// </summary>
    private static Ikev2Proposal? DecodeProposal(ReadOnlyMemory<byte> p, out string reason)
    {
        var s = p.Span;
        var (protocol, spiSize, declared) = (s[5], s[6], s[7]);
        if (spiSize is not (0 or 4 or 8)) { reason = $"SPI size {spiSize} for protocol {protocol}"; return null; }
        if (s.Length < SubstructureSize + spiSize) { reason = "SPI beyond the proposal"; return null; }
        var chain = p[(SubstructureSize + spiSize)..];
        if (!TryCountChain(chain.Span, MoreTransforms, "transform", out var count, out reason)) return null;
        if (count != declared) { reason = $"{declared} transforms declared, {count} present"; return null; }
        var transforms = count == 0 ? [] : new Ikev2Transform[count];
        for (var (i, at) = (0, 0); i < count; i++)
        {
            var t = chain.Span[at..];
            var length = BinaryPrimitives.ReadUInt16BigEndian(t[2..]);
            if (DataAttribute.TryReadAll(chain.Slice(at + SubstructureSize, length - SubstructureSize)) is not { } attributes)
            {
                reason = $"transform {i} attribute beyond its length";
                return null;
            }
            transforms[i] = new Ikev2Transform((TransformType)t[4], BinaryPrimitives.ReadUInt16BigEndian(t[6..]), attributes);
            at += length;
        }
        return new Ikev2Proposal(s[4], protocol, p.Slice(SubstructureSize, spiSize), transforms);
    }

    /// <summary>
    /// Counts a chain of proposals or transforms that fills <paramref name="chain"/> exactly, each with
    /// at least its 8 fixed octets, each but the last marked <paramref name="more"/>, the last 0.
    /// </summary>
    private static bool TryCountChain(ReadOnlySpan<byte> chain, byte more, string name, out int count, out string reason)
    {
        reason = "";
        count = 0;
        for (var at = 0; at < chain.Length; count++)
        {
            if (chain.Length - at < SubstructureSize) { reason = $"truncated {name}"; return false; }
            var last = chain[at];
            var length = BinaryPrimitives.ReadUInt16BigEndian(chain[(at + 2)..]);
            if (length < SubstructureSize || length > chain.Length - at) { reason = $"{name} length {length} out of bounds"; return false; }
            at += length;
            if (at == chain.Length ? last != 0 : last != more)
            {
                reason = last == 0 ? $"{chain.Length - at} bytes after the last {name}" : $"{name} marked {last}";
                return false;
            }
        }
        return true;
    }

    /// <summary>The payload's notation in RFC 7296 (SA, KE, IDi, ...), for errors and debug lines.</summary>
    public static string Name(Ikev2PayloadType type) => type switch
    {
        Ikev2PayloadType.SecurityAssociation => "SA",
        Ikev2PayloadType.KeyExchange => "KE",
        Ikev2PayloadType.IdInitiator => "IDi",
        Ikev2PayloadType.IdResponder => "IDr",
        Ikev2PayloadType.Certificate => "CERT",
        Ikev2PayloadType.CertificateRequest => "CERTREQ",
        Ikev2PayloadType.Authentication => "AUTH",
        Ikev2PayloadType.Nonce => "Ni/Nr",
        Ikev2PayloadType.Notify => "N",
        Ikev2PayloadType.Delete => "D",
        Ikev2PayloadType.VendorId => "V",
        Ikev2PayloadType.TsInitiator => "TSi",
        Ikev2PayloadType.TsResponder => "TSr",
        Ikev2PayloadType.Encrypted => "SK",
        Ikev2PayloadType.Configuration => "CP",
        Ikev2PayloadType.Eap => "EAP",
        Ikev2PayloadType.EncryptedFragment => "SKF",
        _ => $"type {(byte)type}",
    };
}
