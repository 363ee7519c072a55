using System.Buffers.Binary;

namespace AsaEmu.Crypto.Isakmp;

/// <summary>Why a message could not be decoded, and where.</summary>
public sealed record DecodeError(string Reason, int Offset)
{
    public override string ToString() => $"{Reason} at offset {Offset}";
}

/// <summary>
/// Decodes ISAKMP messages (RFC 2408 §3). Decoding is bounds-checked everywhere and never throws on
/// input: a malformed message yields a <see cref="DecodeError"/>. Payload bodies are slices of the
/// input, not copies, and what is allocated is bounded by the bytes present, never by a count field:
/// every chain (payloads, proposals, transforms, attributes) is walked and checked before its array
/// is made at the size found, and a DELETE keeps its SPIs as one slice.
/// <code>
/// Generic payload header (RFC 2408 §3.2):
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ! Next Payload  !   RESERVED    !         Payload Length        !
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public static class IsakmpCodec
{
    public const int GenericHeaderSize = 4;

    /// <summary>Payloads a message may carry: clients send about a dozen (vpnc's AM1: 14).</summary>
    public const int MaxPayloads = 256;

    /// <summary>Decodes a whole unencrypted message (header and payloads).</summary>
    public static bool TryDecode(ReadOnlyMemory<byte> datagram, out IsakmpMessage? message, out DecodeError? error)
    {
        message = null;
        if (!IsakmpHeader.TryRead(datagram.Span, out var header))
        {
            error = new DecodeError("message shorter than the ISAKMP header", 0);
            return false;
        }
        if (header.Length < IsakmpHeader.Size || header.Length > datagram.Length)
        {
            error = new DecodeError($"header length {header.Length} does not fit the {datagram.Length}-byte datagram", 24);
            return false;
        }
        var body = datagram[IsakmpHeader.Size..(int)header.Length];
        if (!TryDecodePayloads(header.NextPayload, body, out var payloads, out error))
        {
            error = error! with { Offset = error.Offset + IsakmpHeader.Size };
            return false;
        }
        message = new IsakmpMessage(header, payloads!);
        return true;
    }

    /// <summary>
    /// Decodes a payload chain starting with <paramref name="first"/> (after decryption for encrypted
    /// messages). Bytes after the last payload (cipher padding) are ignored, as RFC 2409 Appendix B allows.
    /// </summary>
    public static bool TryDecodePayloads(PayloadType first, ReadOnlyMemory<byte> body, out IReadOnlyList<Payload>? payloads, out DecodeError? error)
    {
        payloads = null;
        var span = body.Span;
        // The generic headers alone first: a chain too long or that lies about a length costs nothing.
        var count = 0;
        for (var (next, at) = (first, 0); next != PayloadType.None; count++)
        {
            if (count == MaxPayloads)
            {
                error = new DecodeError($"more than {MaxPayloads} payloads", at);
                return false;
            }
            if (span.Length - at < GenericHeaderSize)
            {
                error = new DecodeError($"truncated {PayloadNames.Token(next)} payload header", at);
                return false;
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(span[(at + 2)..]);
            if (length < GenericHeaderSize || length > span.Length - at)
            {
                error = new DecodeError($"{PayloadNames.Token(next)} payload length {length} out of bounds", at);
                return false;
            }
            next = (PayloadType)span[at];
            at += length;
        }
        var list = count == 0 ? [] : new Payload[count];
        for (var (i, type, at) = (0, first, 0); i < count; i++)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(span[(at + 2)..]);
            var content = body.Slice(at + GenericHeaderSize, length - GenericHeaderSize);
            var payload = DecodeBody(type, content, out var reason);
            if (payload is null)
            {
                error = new DecodeError($"malformed {PayloadNames.Token(type)} payload: {reason}", at);
                return false;
            }
            payload.Frame(content, at, length);
            list[i] = payload;
            type = (PayloadType)span[at];
            at += length;
        }
        payloads = list;
        error = null;
        return true;
    }

    private static Payload? DecodeBody(PayloadType type, ReadOnlyMemory<byte> content, out string reason)
    {
        reason = "";
        var s = content.Span;
        switch (type)
        {
            case PayloadType.SecurityAssociation:
                return DecodeSa(content, out reason);
            case PayloadType.KeyExchange:
                return new KePayload(content);
            case PayloadType.Identification:
                if (s.Length < 4) { reason = "shorter than 4 bytes"; return null; }
                return new IdPayload(s[0], s[1], BinaryPrimitives.ReadUInt16BigEndian(s[2..]), content[4..]);
            case PayloadType.Hash or PayloadType.Signature or PayloadType.Nonce:
                return new DataPayload(type, content);
            case PayloadType.Notification:
                return DecodeNotify(content, out reason);
            case PayloadType.Delete:
                return DecodeDelete(content, out reason);
            case PayloadType.VendorId:
                return new VendorIdPayload(content);
            case PayloadType.Attribute:
            {
                if (s.Length < 4) { reason = "shorter than 4 bytes"; return null; }
                if (DataAttribute.TryReadAll(content[4..]) is not { } attributes) { reason = "attribute beyond the payload"; return null; }
                return new AttributePayload(s[0], BinaryPrimitives.ReadUInt16BigEndian(s[2..]), attributes);
            }
            case PayloadType.NatDiscovery or PayloadType.NatDiscoveryDraft:
                return new NatDPayload(type, content);
            default:
                return new OpaquePayload(type, content);
        }
    }

    /// <summary>
    /// Notification (RFC 2408 §3.14): DOI (4), protocol (1), SPI size (1), message type (2), SPI, data.
    /// </summary>
    private static NotifyPayload? DecodeNotify(ReadOnlyMemory<byte> content, out string reason)
    {
        var s = content.Span;
        reason = "";
        if (s.Length < 8) { reason = "shorter than 8 bytes"; return null; }
        var (protocol, spiSize) = (s[4], s[5]);
        if (!SecurityProtocols.NotifySpiSizeValid(protocol, spiSize)) { reason = $"SPI size {spiSize} for protocol {protocol}"; return null; }
        if (s.Length < 8 + spiSize) { reason = "SPI beyond the payload"; return null; }
        return new NotifyPayload(BinaryPrimitives.ReadUInt32BigEndian(s), protocol, content.Slice(8, spiSize),
            BinaryPrimitives.ReadUInt16BigEndian(s[6..]), content[(8 + spiSize)..]);
    }

    /// <summary>
    /// Delete (RFC 2408 §3.15): DOI (4), protocol (1), SPI size (1), number of SPIs (2), then exactly
    /// that many SPIs of that size. The SPIs stay one slice; a count of SPIs of no size (which
    /// once made a list of 65,535 empty ones per payload) is malformed.
    /// </summary>
    private static DeletePayload? DecodeDelete(ReadOnlyMemory<byte> content, out string reason)
    {
        var s = content.Span;
        reason = "";
        if (s.Length < 8) { reason = "shorter than 8 bytes"; return null; }
        var (protocol, spiSize) = (s[4], s[5]);
        var count = BinaryPrimitives.ReadUInt16BigEndian(s[6..]);
        if (count > 0 && !SecurityProtocols.DeleteSpiSizeValid(protocol, spiSize)) { reason = $"{count} SPIs of size {spiSize} for protocol {protocol}"; return null; }
        if (s.Length - 8 != spiSize * count) { reason = $"{count} SPIs of {spiSize} bytes in {s.Length - 8} bytes"; return null; }
        return new DeletePayload(BinaryPrimitives.ReadUInt32BigEndian(s), protocol, spiSize, content[8..]);
    }

    /// <summary>
    /// SA body (RFC 2408 §3.4, RFC 2407 §4.6.1): DOI, situation, then a chain of proposals that fills
    /// the rest, each with a chain of transforms.
    /// </summary>
    private static SaPayload? DecodeSa(ReadOnlyMemory<byte> content, out string reason)
    {
        var s = content.Span;
        if (s.Length < 8) { reason = "shorter than DOI and situation"; return null; }
        var doi = BinaryPrimitives.ReadUInt32BigEndian(s);
        var situation = BinaryPrimitives.ReadUInt32BigEndian(s[4..]);
        var chain = content[8..];
        if (!TryCountChain(chain.Span, PayloadType.Proposal, "proposal", out var count, out reason)) return null;
        var proposals = count == 0 ? [] : new Proposal[count];
        for (var (i, at) = (0, 0); i < count; i++)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(chain.Span[(at + 2)..]);
            var proposal = DecodeProposal(chain.Slice(at + GenericHeaderSize, length - GenericHeaderSize), out reason);
            if (proposal is null) return null;
            proposals[i] = proposal;
            at += length;
        }
        return new SaPayload(doi, situation, proposals);
    }

    /// <summary>
    /// Proposal (RFC 2408 §3.5) after its generic header: number, protocol, SPI size, number of
    /// transforms, the SPI, then that many transforms filling the rest.
    /// </summary>
    private static Proposal? DecodeProposal(ReadOnlyMemory<byte> p, out string reason)
    {
        var s = p.Span;
        var (protocol, spiSize, declared) = (s[1], s[2], s[3]);
        if (!SecurityProtocols.ProposalSpiSizeValid(protocol, spiSize)) { reason = $"SPI size {spiSize} for protocol {protocol}"; return null; }
        if (s.Length < 4 + spiSize) { reason = "SPI beyond the proposal"; return null; }
        var chain = p[(4 + spiSize)..];
        if (!TryCountChain(chain.Span, PayloadType.Transform, "transform", out var count, out reason)) return null;
        if (count != declared) { reason = $"{declared} transforms declared, {count} present"; return null; }
        var transforms = count == 0 ? [] : new Transform[count];
        for (var (i, at) = (0, 0); i < count; i++)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(chain.Span[(at + 2)..]);
            var t = chain.Span[at..];
            if (DataAttribute.TryReadAll(chain.Slice(at + FixedSize, length - FixedSize)) is not { } attributes)
            {
                reason = $"transform {i} attribute beyond its length";
                return null;
            }
            transforms[i] = new Transform(t[4], t[5], attributes);
            at += length;
        }
        return new Proposal(s[0], protocol, p.Slice(4, spiSize), transforms);
    }

    /// <summary>The generic header and four fixed bytes that start a proposal or a transform (RFC 2408 §3.5, §3.6).</summary>
    private const int FixedSize = 8;

    /// <summary>
    /// Counts a chain of proposals or transforms that fills <paramref name="chain"/> exactly: each
    /// with the generic header and at least its fixed fields, each but the last followed by
    /// <paramref name="more"/>, the last by 0.
    /// </summary>
    private static bool TryCountChain(ReadOnlySpan<byte> chain, PayloadType more, string name, out int count, out string reason)
    {
        reason = "";
        count = 0;
        for (var at = 0; at < chain.Length; count++)
        {
            if (chain.Length - at < FixedSize) { reason = $"truncated {name}"; return false; }
            var next = chain[at];
            var length = BinaryPrimitives.ReadUInt16BigEndian(chain[(at + 2)..]);
            if (length < FixedSize || length > chain.Length - at) { reason = $"{name} length {length} out of bounds"; return false; }
            at += length;
            if (at == chain.Length ? next != 0 : next != (byte)more)
            {
                reason = next == 0 ? $"{chain.Length - at} bytes after the last {name}" : $"{name} followed by payload type {next}";
                return false;
            }
        }
        return true;
    }
}
