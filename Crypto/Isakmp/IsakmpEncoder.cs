using System.Buffers.Binary;

namespace AsaEmu.Crypto.Isakmp;

/// <summary>
/// Encodes ISAKMP payload chains and messages (RFC 2408 §3), the inverse of <see cref="IsakmpCodec"/>:
/// decoding a message and encoding it again gives the same bytes.
/// </summary>
public static class IsakmpEncoder
{
    /// <summary>A whole unencrypted message; the header's next-payload and length are filled in.</summary>
    public static byte[] Encode(IsakmpHeader header, IReadOnlyList<Payload> payloads)
    {
        var bodyLength = PayloadsLength(payloads);
        var message = new byte[IsakmpHeader.Size + bodyLength];
        var first = payloads.Count > 0 ? payloads[0].Type : PayloadType.None;
        (header with { NextPayload = first, Length = (uint)message.Length }).Write(message);
        WritePayloads(payloads, message.AsSpan(IsakmpHeader.Size));
        return message;
    }

    /// <summary>The encoded size of a payload chain, generic headers included.</summary>
    public static int PayloadsLength(IReadOnlyList<Payload> payloads) => payloads.Sum(p => IsakmpCodec.GenericHeaderSize + BodyLength(p));

    /// <summary>Writes a payload chain (e.g. the plaintext of an encrypted message) and returns its length.</summary>
    public static int WritePayloads(IReadOnlyList<Payload> payloads, Span<byte> destination)
    {
        var at = 0;
        for (var i = 0; i < payloads.Count; i++)
        {
            var next = i + 1 < payloads.Count ? payloads[i + 1].Type : PayloadType.None;
            var length = IsakmpCodec.GenericHeaderSize + BodyLength(payloads[i]);
            WriteGenericHeader(destination[at..], next, length);
            WriteBody(payloads[i], destination.Slice(at + IsakmpCodec.GenericHeaderSize, length - IsakmpCodec.GenericHeaderSize));
            at += length;
        }
        return at;
    }

    private static void WriteGenericHeader(Span<byte> destination, PayloadType next, int length)
    {
        destination[0] = (byte)next;
        destination[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], checked((ushort)length));
    }

    private static int BodyLength(Payload payload) => payload switch
    {
        SaPayload sa => 8 + sa.Proposals.Sum(ProposalLength),
        KePayload ke => ke.Data.Length,
        IdPayload id => 4 + id.Data.Length,
        DataPayload d => d.Data.Length,
        NotifyPayload n => 8 + n.Spi.Length + n.Data.Length,
        DeletePayload d => 8 + d.SpiBytes.Length,
        VendorIdPayload v => v.Data.Length,
        AttributePayload a => 4 + a.Attributes.Sum(x => x.EncodedLength),
        NatDPayload n => n.Hash.Length,
        OpaquePayload o => o.Content.Length,
        _ => throw new ArgumentException($"cannot encode {payload.GetType().Name}"),
    };

    private static int ProposalLength(Proposal p) => 8 + p.Spi.Length + p.Transforms.Sum(TransformLength);

    private static int TransformLength(Transform t) => 8 + t.Attributes.Sum(a => a.EncodedLength);

    private static void WriteBody(Payload payload, Span<byte> d)
    {
        switch (payload)
        {
            case SaPayload sa:
                BinaryPrimitives.WriteUInt32BigEndian(d, sa.Doi);
                BinaryPrimitives.WriteUInt32BigEndian(d[4..], sa.Situation);
                var at = 8;
                for (var i = 0; i < sa.Proposals.Count; i++)
                    at += WriteProposal(sa.Proposals[i], last: i == sa.Proposals.Count - 1, d[at..]);
                break;
            case KePayload ke: ke.Data.Span.CopyTo(d); break;
            case IdPayload id:
                d[0] = id.IdType;
                d[1] = id.ProtocolId;
                BinaryPrimitives.WriteUInt16BigEndian(d[2..], id.Port);
                id.Data.Span.CopyTo(d[4..]);
                break;
            case DataPayload data: data.Data.Span.CopyTo(d); break;
            case NotifyPayload n:
                BinaryPrimitives.WriteUInt32BigEndian(d, n.Doi);
                d[4] = n.ProtocolId;
                d[5] = (byte)n.Spi.Length;
                BinaryPrimitives.WriteUInt16BigEndian(d[6..], n.MessageType);
                n.Spi.Span.CopyTo(d[8..]);
                n.Data.Span.CopyTo(d[(8 + n.Spi.Length)..]);
                break;
            case DeletePayload del:
                BinaryPrimitives.WriteUInt32BigEndian(d, del.Doi);
                d[4] = del.ProtocolId;
                d[5] = del.SpiSize;
                BinaryPrimitives.WriteUInt16BigEndian(d[6..], checked((ushort)del.SpiCount));
                del.SpiBytes.Span.CopyTo(d[8..]);
                break;
            case VendorIdPayload v: v.Data.Span.CopyTo(d); break;
            case AttributePayload a:
                d[0] = a.ConfigType;
                d[1] = 0;
                BinaryPrimitives.WriteUInt16BigEndian(d[2..], a.Identifier);
                var attrAt = 4;
                foreach (var attribute in a.Attributes) attrAt += attribute.Write(d[attrAt..]);
                break;
            case NatDPayload n: n.Hash.Span.CopyTo(d); break;
            case OpaquePayload o: o.Content.Span.CopyTo(d); break;
        }
    }

    private static int WriteProposal(Proposal p, bool last, Span<byte> d)
    {
        var length = ProposalLength(p);
        WriteGenericHeader(d, last ? PayloadType.None : PayloadType.Proposal, length);
        d[4] = p.Number;
        d[5] = p.ProtocolId;
        d[6] = (byte)p.Spi.Length;
        d[7] = (byte)p.Transforms.Count;
        p.Spi.Span.CopyTo(d[8..]);
        var at = 8 + p.Spi.Length;
        for (var i = 0; i < p.Transforms.Count; i++)
        {
            var t = p.Transforms[i];
            var tl = TransformLength(t);
            WriteGenericHeader(d[at..], i == p.Transforms.Count - 1 ? PayloadType.None : PayloadType.Transform, tl);
            d[at + 4] = t.Number;
            d[at + 5] = t.TransformId;
            d[at + 6] = 0;
            d[at + 7] = 0;
            var attrAt = at + 8;
            foreach (var a in t.Attributes) attrAt += a.Write(d[attrAt..]);
            at += tl;
        }
        return length;
    }
}
