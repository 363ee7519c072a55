using System.Buffers.Binary;
using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Tests.Isakmp;

/// <summary>
/// ISAKMP written byte by byte, lies included (counts without their bytes, lengths past their
/// end): what an attacker sends and <see cref="IsakmpEncoder"/> would never write.
/// </summary>
internal static class RawIsakmp
{
    /// <summary>The largest UDP payload over IPv4 (65,535 - 20 - 8): the most one datagram can carry.</summary>
    public const int MaxDatagram = 65_507;

    /// <summary>The most bytes a payload body can have in a datagram with one payload.</summary>
    public const int MaxBody = MaxDatagram - IsakmpHeader.Size - IsakmpCodec.GenericHeaderSize;

    public static readonly ulong CookieI = 0x0123456789abcdefUL;

    /// <summary>A payload chain: each payload's generic header names the next one's type; the last says none.</summary>
    public static byte[] Chain(params (PayloadType Type, byte[] Body)[] payloads)
    {
        var chain = new List<byte>();
        for (var i = 0; i < payloads.Length; i++)
        {
            var next = i + 1 < payloads.Length ? payloads[i + 1].Type : PayloadType.None;
            chain.AddRange(Header((byte)next, IsakmpCodec.GenericHeaderSize + payloads[i].Body.Length));
            chain.AddRange(payloads[i].Body);
        }
        return [.. chain];
    }

    /// <summary>A clear message with <paramref name="chain"/> after the header.</summary>
    public static byte[] Message(PayloadType first, byte[] chain, ExchangeType exchange = ExchangeType.Aggressive, ulong cookieR = 0, uint? length = null)
    {
        var message = new byte[IsakmpHeader.Size + chain.Length];
        new IsakmpHeader(CookieI, cookieR, first, IsakmpHeader.Version1, exchange, IsakmpFlags.None, 0, length ?? (uint)message.Length).Write(message);
        chain.CopyTo(message, IsakmpHeader.Size);
        return message;
    }

    /// <summary>A message of <paramref name="count"/> payloads of one type and body.</summary>
    public static byte[] Repeated(int count, PayloadType type, byte[] body) =>
        Message(type, Chain([.. Enumerable.Repeat((type, body), count)]));

    /// <summary>Generic header of a payload, proposal or transform (RFC 2408 §3.2).</summary>
    public static byte[] Header(byte next, int length)
    {
        var header = new byte[4];
        header[0] = next;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), checked((ushort)length));
        return header;
    }

    /// <summary>A DELETE body (RFC 2408 §3.15) whose count says <paramref name="count"/> and that carries <paramref name="spiBytes"/> bytes of SPIs.</summary>
    public static byte[] Delete(byte protocol, byte spiSize, int count, int spiBytes)
    {
        var body = new byte[8 + spiBytes];
        BinaryPrimitives.WriteUInt32BigEndian(body, SaPayload.IpsecDoi);
        body[4] = protocol;
        body[5] = spiSize;
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(6), checked((ushort)count));
        return body;
    }

    /// <summary>A notification body (RFC 2408 §3.14) with an SPI and data of the sizes given.</summary>
    public static byte[] Notify(byte protocol, byte spiSize, int dataLength)
    {
        var body = new byte[8 + spiSize + dataLength];
        BinaryPrimitives.WriteUInt32BigEndian(body, SaPayload.IpsecDoi);
        body[4] = protocol;
        body[5] = spiSize;
        BinaryPrimitives.WriteUInt16BigEndian(body.AsSpan(6), 24578);
        return body;
    }

    /// <summary>An SA body (RFC 2408 §3.4) for the IPsec DOI, identity only, with these proposals already chained.</summary>
    public static byte[] Sa(IEnumerable<byte[]> proposals)
    {
        var body = new List<byte>(new byte[] { 0, 0, 0, 1, 0, 0, 0, 1 });
        var all = proposals.ToList();
        for (var i = 0; i < all.Count; i++)
        {
            all[i][0] = i + 1 < all.Count ? (byte)PayloadType.Proposal : (byte)0;
            body.AddRange(all[i]);
        }
        return [.. body];
    }

    /// <summary>
    /// A proposal (RFC 2408 §3.5), generic header included, that declares <paramref name="declared"/>
    /// transforms and carries <paramref name="transforms"/> (chained here); <paramref name="length"/> overrides its length field.
    /// </summary>
    public static byte[] Proposal(byte protocol, byte spiSize, byte declared, IEnumerable<byte[]> transforms, int? length = null)
    {
        var chain = new List<byte>();
        var all = transforms.ToList();
        for (var i = 0; i < all.Count; i++)
        {
            all[i][0] = i + 1 < all.Count ? (byte)PayloadType.Transform : (byte)0;
            chain.AddRange(all[i]);
        }
        var proposal = new List<byte>(Header(0, length ?? 8 + spiSize + chain.Count)) { 1, protocol, spiSize, declared };
        proposal.AddRange(new byte[spiSize]);
        proposal.AddRange(chain);
        return [.. proposal];
    }

    /// <summary>A transform (RFC 2408 §3.6), generic header included, with these attribute bytes; <paramref name="length"/> overrides its length field.</summary>
    public static byte[] Transform(byte[] attributes, int? length = null) =>
        [.. Header(0, length ?? 8 + attributes.Length), 1, 1, 0, 0, .. attributes];

    /// <summary><paramref name="count"/> basic (TV) attributes of 4 bytes each.</summary>
    public static byte[] BasicAttributes(int count) =>
        [.. Enumerable.Range(0, count).SelectMany(i => new byte[] { 0x80, (byte)(1 + i % 14), 0, 1 })];

    /// <summary><paramref name="count"/> variable (TLV) attributes with no value: 4 bytes each, as a Mode Config request asks.</summary>
    public static byte[] EmptyVariableAttributes(int count) =>
        [.. Enumerable.Range(0, count).SelectMany(i => new byte[] { 0, (byte)(1 + i % 20), 0, 0 })];

    /// <summary>An Attribute payload body (draft-dukes-ike-mode-cfg-02 §3.2): REQUEST, identifier, then the attributes.</summary>
    public static byte[] Attributes(byte[] attributes) => [AttributePayload.Request, 0, 0, 1, .. attributes];
}
