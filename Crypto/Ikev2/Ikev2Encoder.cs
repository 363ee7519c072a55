using System.Buffers.Binary;

namespace AsaEmu.Crypto.Ikev2;

/// <summary>
/// Encodes IKEv2 payload chains and messages (RFC 7296 §3), the inverse of <see cref="Ikev2Codec"/>:
/// a decoded message encodes back to the same bytes (reserved fields written as 0).
/// </summary>
public static class Ikev2Encoder
{
    /// <summary>A whole message; the header's Next Payload and Length are filled in.</summary>
    public static byte[] Encode(Ikev2Header header, IReadOnlyList<Ikev2Payload> payloads)
    {
        var message = new byte[Ikev2Header.Size + PayloadsLength(payloads)];
        var first = payloads.Count > 0 ? payloads[0].Type : Ikev2PayloadType.None;
        (header with { NextPayload = first, Length = (uint)message.Length }).Write(message);
        WritePayloads(payloads, message.AsSpan(Ikev2Header.Size));
        return message;
    }

    /// <summary>The encoded size of a payload chain, generic headers included.</summary>
    public static int PayloadsLength(IReadOnlyList<Ikev2Payload> payloads)
    {
        var length = 0;
        foreach (var payload in payloads) length += Ikev2Codec.GenericHeaderSize + BodyLength(payload);
        return length;
    }

    /// <summary>Writes a payload chain (a message's body, or the plaintext of an SK payload) and returns its length.</summary>
    public static int WritePayloads(IReadOnlyList<Ikev2Payload> payloads, Span<byte> destination)
    {
        var at = 0;
        for (var i = 0; i < payloads.Count; i++)
        {
            var payload = payloads[i];
            // An SK or SKF payload's Next Payload names the first payload inside it (§3.14, RFC 7383 §2.5).
            var next = payload switch
            {
                Ikev2EncryptedPayload sk => sk.FirstInner,
                Ikev2EncryptedFragmentPayload skf => skf.FirstInner,
                _ => i + 1 < payloads.Count ? payloads[i + 1].Type : Ikev2PayloadType.None,
            };
            var length = Ikev2Codec.GenericHeaderSize + BodyLength(payload);
            destination[at] = (byte)next;
            destination[at + 1] = payload.Critical ? (byte)0x80 : (byte)0;
            BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 2)..], checked((ushort)length));
            WriteBody(payload, destination.Slice(at + Ikev2Codec.GenericHeaderSize, length - Ikev2Codec.GenericHeaderSize));
            at += length;
        }
        return at;
    }

    private static int BodyLength(Ikev2Payload payload) => payload switch
    {
        Ikev2SaPayload sa => sa.Proposals.Sum(ProposalLength),
        Ikev2KePayload ke => 4 + ke.Data.Length,
        Ikev2IdPayload id => 4 + id.Data.Length,
        Ikev2AuthPayload auth => 4 + auth.Data.Length,
        Ikev2NoncePayload nonce => nonce.Data.Length,
        Ikev2NotifyPayload n => 4 + n.Spi.Length + n.Data.Length,
        Ikev2DeletePayload d => 4 + d.SpiBytes.Length,
        Ikev2VendorIdPayload v => v.Data.Length,
        Ikev2TsPayload ts => 4 + ts.Selectors.Sum(t => 8 + t.StartAddress.Length + t.EndAddress.Length),
        Ikev2EncryptedPayload sk => sk.Content.Length,
        Ikev2EncryptedFragmentPayload skf => 4 + skf.Content.Length,
        Ikev2OpaquePayload o => o.Content.Length,
        _ => throw new ArgumentException($"cannot encode {payload.GetType().Name}"),
    };

    private static int ProposalLength(Ikev2Proposal p) => 8 + p.Spi.Length + p.Transforms.Sum(TransformLength);

    private static int TransformLength(Ikev2Transform t) => 8 + t.Attributes.Sum(a => a.EncodedLength);

    private static void WriteBody(Ikev2Payload payload, Span<byte> d)
    {
        d.Clear();
        switch (payload)
        {
            case Ikev2SaPayload sa:
                var at = 0;
                for (var i = 0; i < sa.Proposals.Count; i++)
                    at += WriteProposal(sa.Proposals[i], last: i == sa.Proposals.Count - 1, d[at..]);
                break;
            case Ikev2KePayload ke:
                BinaryPrimitives.WriteUInt16BigEndian(d, ke.Group);
                ke.Data.Span.CopyTo(d[4..]);
                break;
            case Ikev2IdPayload id:
                d[0] = id.IdType;
                id.Data.Span.CopyTo(d[4..]);
                break;
            case Ikev2AuthPayload auth:
                d[0] = auth.Method;
                auth.Data.Span.CopyTo(d[4..]);
                break;
            case Ikev2NoncePayload nonce: nonce.Data.Span.CopyTo(d); break;
            case Ikev2NotifyPayload n:
                d[0] = n.ProtocolId;
                d[1] = (byte)n.Spi.Length;
                BinaryPrimitives.WriteUInt16BigEndian(d[2..], n.NotifyType);
                n.Spi.Span.CopyTo(d[4..]);
                n.Data.Span.CopyTo(d[(4 + n.Spi.Length)..]);
                break;
            case Ikev2DeletePayload del:
                d[0] = del.ProtocolId;
                d[1] = del.SpiSize;
                BinaryPrimitives.WriteUInt16BigEndian(d[2..], checked((ushort)del.SpiCount));
                del.SpiBytes.Span.CopyTo(d[4..]);
                break;
            case Ikev2VendorIdPayload v: v.Data.Span.CopyTo(d); break;
            case Ikev2TsPayload ts:
                d[0] = checked((byte)ts.Selectors.Count);
                var tsAt = 4;
                foreach (var t in ts.Selectors)
                {
                    var length = 8 + t.StartAddress.Length + t.EndAddress.Length;
                    d[tsAt] = t.TsType;
                    d[tsAt + 1] = t.IpProtocol;
                    BinaryPrimitives.WriteUInt16BigEndian(d[(tsAt + 2)..], (ushort)length);
                    BinaryPrimitives.WriteUInt16BigEndian(d[(tsAt + 4)..], t.StartPort);
                    BinaryPrimitives.WriteUInt16BigEndian(d[(tsAt + 6)..], t.EndPort);
                    t.StartAddress.Span.CopyTo(d[(tsAt + 8)..]);
                    t.EndAddress.Span.CopyTo(d[(tsAt + 8 + t.StartAddress.Length)..]);
                    tsAt += length;
                }
                break;
            case Ikev2EncryptedPayload sk: sk.Content.Span.CopyTo(d); break;
            case Ikev2EncryptedFragmentPayload skf:
                BinaryPrimitives.WriteUInt16BigEndian(d, skf.FragmentNumber);
                BinaryPrimitives.WriteUInt16BigEndian(d[2..], skf.TotalFragments);
                skf.Content.Span.CopyTo(d[4..]);
                break;
            case Ikev2OpaquePayload o: o.Content.Span.CopyTo(d); break;
        }
    }

    private static int WriteProposal(Ikev2Proposal p, bool last, Span<byte> d)
    {
        var length = ProposalLength(p);
        d[0] = last ? (byte)0 : (byte)2;
        BinaryPrimitives.WriteUInt16BigEndian(d[2..], checked((ushort)length));
        d[4] = p.Number;
        d[5] = p.ProtocolId;
        d[6] = (byte)p.Spi.Length;
        d[7] = checked((byte)p.Transforms.Count);
        p.Spi.Span.CopyTo(d[8..]);
        var at = 8 + p.Spi.Length;
        for (var i = 0; i < p.Transforms.Count; i++)
        {
            var t = p.Transforms[i];
            var tl = TransformLength(t);
            d[at] = i == p.Transforms.Count - 1 ? (byte)0 : (byte)3;
            BinaryPrimitives.WriteUInt16BigEndian(d[(at + 2)..], checked((ushort)tl));
            d[at + 4] = (byte)t.Type;
            BinaryPrimitives.WriteUInt16BigEndian(d[(at + 6)..], t.Id);
            var attrAt = at + 8;
            foreach (var a in t.Attributes) attrAt += a.Write(d[attrAt..]);
            at += tl;
        }
        return length;
    }
}
