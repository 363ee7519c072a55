using System.Buffers.Binary;

namespace AsaEmu.Crypto.Isakmp;

/// <summary>Why a message could not be decoded, and where.</summary>
public sealed record DecodeError(string Reason, int Offset)
{
    public override string ToString() => $"{Reason} at offset {Offset}";
}

/// <summary>
/// Decodes and encodes ISAKMP messages (RFC 2408 §3). Decoding is bounds-checked everywhere and
/// never throws on input: a malformed message yields a <see cref="DecodeError"/>. Payload bodies are
/// slices of the input, not copies.
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
        var list = new List<Payload>();
        payloads = null;
        var next = first;
        var at = 0;
        var span = body.Span;
        while (next != PayloadType.None)
        {
            if (span.Length - at < GenericHeaderSize)
            {
                error = new DecodeError($"truncated {PayloadNames.Token(next)} payload header", at);
                return false;
            }
            var following = (PayloadType)span[at];
            var length = BinaryPrimitives.ReadUInt16BigEndian(span[(at + 2)..]);
            if (length < GenericHeaderSize || length > span.Length - at)
            {
                error = new DecodeError($"{PayloadNames.Token(next)} payload length {length} out of bounds", at);
                return false;
            }
            var content = body.Slice(at + GenericHeaderSize, length - GenericHeaderSize);
            var payload = DecodeBody(next, content, out var reason);
            if (payload is null)
            {
                error = new DecodeError($"malformed {PayloadNames.Token(next)} payload: {reason}", at);
                return false;
            }
            list.Add(payload with { Body = content, ChainOffset = at, ChainLength = length });
            at += length;
            next = following;
            if (list.Count > 256)
            {
                error = new DecodeError("more than 256 payloads", at);
                return false;
            }
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
            {
                if (s.Length < 8) { reason = "shorter than 8 bytes"; return null; }
                var spiSize = s[5];
                if (s.Length < 8 + spiSize) { reason = "SPI beyond the payload"; return null; }
                return new NotifyPayload(BinaryPrimitives.ReadUInt32BigEndian(s), s[4], content.Slice(8, spiSize),
                    BinaryPrimitives.ReadUInt16BigEndian(s[6..]), content[(8 + spiSize)..]);
            }
            case PayloadType.Delete:
            {
                if (s.Length < 8) { reason = "shorter than 8 bytes"; return null; }
                var spiSize = s[5];
                var count = BinaryPrimitives.ReadUInt16BigEndian(s[6..]);
                if (s.Length - 8 < spiSize * count) { reason = $"{count} SPIs of {spiSize} bytes beyond the payload"; return null; }
                var spis = new List<ReadOnlyMemory<byte>>(count);
                for (var i = 0; i < count; i++) spis.Add(content.Slice(8 + i * spiSize, spiSize));
                return new DeletePayload(BinaryPrimitives.ReadUInt32BigEndian(s), s[4], spiSize, spis);
            }
            case PayloadType.VendorId:
                return new VendorIdPayload(content);
            case PayloadType.Attribute:
            {
                if (s.Length < 4) { reason = "shorter than 4 bytes"; return null; }
                var attributes = new List<DataAttribute>();
                if (!DataAttribute.TryReadAll(s[4..], content[4..], attributes)) { reason = "attribute beyond the payload"; return null; }
                return new AttributePayload(s[0], BinaryPrimitives.ReadUInt16BigEndian(s[2..]), attributes);
            }
            case PayloadType.NatDiscovery or PayloadType.NatDiscoveryDraft:
                return new NatDPayload(type, content);
            default:
                return new OpaquePayload(type, content);
        }
    }

    /// <summary>
    /// SA body (RFC 2408 §3.4, RFC 2407 §4.6.1): DOI, situation, then a chain of proposals, each
    /// with a chain of transforms.
    /// </summary>
    private static SaPayload? DecodeSa(ReadOnlyMemory<byte> content, out string reason)
    {
        var s = content.Span;
        if (s.Length < 8) { reason = "shorter than DOI and situation"; return null; }
        var doi = BinaryPrimitives.ReadUInt32BigEndian(s);
        var situation = BinaryPrimitives.ReadUInt32BigEndian(s[4..]);
        var proposals = new List<Proposal>();
        var at = 8;
        var more = at < s.Length;
        while (more)
        {
            if (s.Length - at < 8) { reason = "truncated proposal"; return null; }
            var next = s[at];
            var length = BinaryPrimitives.ReadUInt16BigEndian(s[(at + 2)..]);
            if (length < 8 || length > s.Length - at) { reason = $"proposal length {length} out of bounds"; return null; }
            var p = content.Slice(at + 4, length - 4);
            var proposal = DecodeProposal(p, out reason);
            if (proposal is null) return null;
            proposals.Add(proposal);
            at += length;
            more = next == (byte)PayloadType.Proposal;
            if (next is not ((byte)PayloadType.Proposal or 0)) { reason = $"proposal followed by payload type {next}"; return null; }
        }
        reason = "";
        return new SaPayload(doi, situation, proposals);
    }

    private static Proposal? DecodeProposal(ReadOnlyMemory<byte> p, out string reason)
    {
        var s = p.Span;
        var spiSize = s[2];
        var count = s[3];
        if (s.Length < 4 + spiSize) { reason = "SPI beyond the proposal"; return null; }
        var transforms = new List<Transform>(count);
        var at = 4 + spiSize;
        for (var i = 0; i < count; i++)
        {
            if (s.Length - at < 8) { reason = $"transform {i} truncated"; return null; }
            var length = BinaryPrimitives.ReadUInt16BigEndian(s[(at + 2)..]);
            if (length < 8 || length > s.Length - at) { reason = $"transform length {length} out of bounds"; return null; }
            var attributes = new List<DataAttribute>();
            if (!DataAttribute.TryReadAll(s.Slice(at + 8, length - 8), p.Slice(at + 8, length - 8), attributes))
            { reason = $"transform {i} attribute beyond its length"; return null; }
            transforms.Add(new Transform(s[at + 4], s[at + 5], attributes));
            at += length;
        }
        reason = "";
        return new Proposal(s[0], s[1], p.Slice(4, spiSize), transforms);
    }
}
