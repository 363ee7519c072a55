namespace AsaEmu.Crypto.Isakmp;

/// <summary>A decoded ISAKMP payload. Every payload starts with the generic header (RFC 2408 §3.2).</summary>
public abstract record Payload
{
    public abstract PayloadType Type { get; }

    private ReadOnlyMemory<byte> _body;
    private int _chainOffset, _chainLength;

    /// <summary>
    /// The decoded payload's body as received (without its generic header): what RFC 2409's
    /// hashes call SAi_b, IDii_b, Ni_b. Empty for payloads built locally.
    /// </summary>
    public ReadOnlyMemory<byte> Body { get => _body; init => _body = value; }

    /// <summary>Where the payload (generic header included) starts in its chain, and its length.</summary>
    public int ChainOffset { get => _chainOffset; init => _chainOffset = value; }
    public int ChainLength { get => _chainLength; init => _chainLength = value; }

    /// <summary>Where the decoder found the payload, set on the payload it just made (no copy, as <c>with</c> would make).</summary>
    internal void Frame(ReadOnlyMemory<byte> body, int chainOffset, int chainLength)
    {
        _body = body;
        _chainOffset = chainOffset;
        _chainLength = chainLength;
    }
}

/// <summary>Security Association (RFC 2408 §3.4) with its proposals; the situation for the IPsec DOI (RFC 2407 §4.2).</summary>
public sealed record SaPayload(uint Doi, uint Situation, IReadOnlyList<Proposal> Proposals) : Payload
{
    public const uint IpsecDoi = 1;
    public const uint IdentityOnly = 1;
    public override PayloadType Type => PayloadType.SecurityAssociation;
}

/// <summary>A proposal (RFC 2408 §3.5): protocol, SPI and transforms.</summary>
public sealed record Proposal(byte Number, byte ProtocolId, ReadOnlyMemory<byte> Spi, IReadOnlyList<Transform> Transforms);

/// <summary>A transform (RFC 2408 §3.6) and its SA attributes, kept in the order they came.</summary>
public sealed record Transform(byte Number, byte TransformId, IReadOnlyList<DataAttribute> Attributes)
{
    /// <summary>The first attribute of a type (a loop: this runs per transform and policy, and a lambda would allocate each time).</summary>
    public DataAttribute? Attribute(ushort type)
    {
        for (var i = 0; i < Attributes.Count; i++)
            if (Attributes[i].Type == type) return Attributes[i];
        return null;
    }
}

/// <summary>Key Exchange (RFC 2408 §3.7): the Diffie-Hellman public value.</summary>
public sealed record KePayload(ReadOnlyMemory<byte> Data) : Payload
{
    public override PayloadType Type => PayloadType.KeyExchange;
}

/// <summary>Identification (RFC 2408 §3.8, IPsec DOI form RFC 2407 §4.6.2): type, protocol, port, data.</summary>
public sealed record IdPayload(byte IdType, byte ProtocolId, ushort Port, ReadOnlyMemory<byte> Data) : Payload
{
    public const byte Ipv4Address = 1, Fqdn = 2, UserFqdn = 3, Ipv4Subnet = 4, Ipv4Range = 7, KeyId = 11;
    public override PayloadType Type => PayloadType.Identification;
}

/// <summary>Hash, Signature and Nonce payloads (RFC 2408 §3.11–3.13): opaque data.</summary>
public sealed record DataPayload(PayloadType Kind, ReadOnlyMemory<byte> Data) : Payload
{
    public override PayloadType Type => Kind;
}

/// <summary>Notification (RFC 2408 §3.14).</summary>
public sealed record NotifyPayload(uint Doi, byte ProtocolId, ReadOnlyMemory<byte> Spi, ushort MessageType, ReadOnlyMemory<byte> Data) : Payload
{
    public override PayloadType Type => PayloadType.Notification;
}

/// <summary>
/// Delete (RFC 2408 §3.15): SPIs of one size for one protocol, kept as the one slice of the message
/// they came in (<paramref name="SpiBytes"/>, <see cref="SpiCount"/> × <paramref name="SpiSize"/> bytes):
/// decoding a DELETE allocates nothing per SPI, whatever its count field says.
/// </summary>
public sealed record DeletePayload(uint Doi, byte ProtocolId, byte SpiSize, ReadOnlyMemory<byte> SpiBytes) : Payload
{
    /// <summary>A DELETE of the given SPIs, each <paramref name="spiSize"/> bytes long.</summary>
    public DeletePayload(uint doi, byte protocolId, byte spiSize, IReadOnlyList<ReadOnlyMemory<byte>> spis)
        : this(doi, protocolId, spiSize, Concatenate(spiSize, spis)) { }

    public override PayloadType Type => PayloadType.Delete;

    public int SpiCount => SpiSize == 0 ? 0 : SpiBytes.Length / SpiSize;

    public ReadOnlyMemory<byte> Spi(int index) => SpiBytes.Slice(index * SpiSize, SpiSize);

    private static byte[] Concatenate(byte spiSize, IReadOnlyList<ReadOnlyMemory<byte>> spis)
    {
        var bytes = new byte[spiSize * spis.Count];
        for (var i = 0; i < spis.Count; i++)
        {
            if (spis[i].Length != spiSize) throw new ArgumentException($"SPI {i} is {spis[i].Length} bytes, not {spiSize}", nameof(spis));
            spis[i].Span.CopyTo(bytes.AsSpan(i * spiSize));
        }
        return bytes;
    }
}

/// <summary>Vendor ID (RFC 2408 §3.16): kept opaque; the engine recognises the ones it knows.</summary>
public sealed record VendorIdPayload(ReadOnlyMemory<byte> Data) : Payload
{
    public override PayloadType Type => PayloadType.VendorId;
}

/// <summary>
/// Attribute payload of the transaction exchange (draft-dukes-ike-mode-cfg-02 §3.2): REQUEST,
/// REPLY, SET or ACK with an identifier and the XAUTH/Mode-Config attributes.
/// </summary>
public sealed record AttributePayload(byte ConfigType, ushort Identifier, IReadOnlyList<DataAttribute> Attributes) : Payload
{
    public const byte Request = 1, Reply = 2, Set = 3, Ack = 4;
    public override PayloadType Type => PayloadType.Attribute;
}

/// <summary>NAT-D (RFC 3947 §3.2, or the draft number 130): a hash of an address and port.</summary>
public sealed record NatDPayload(PayloadType Kind, ReadOnlyMemory<byte> Hash) : Payload
{
    public override PayloadType Type => Kind;
}

/// <summary>A payload type AsaEmu does not decode (certificates, NAT-OA, ...): kept as bytes.</summary>
public sealed record OpaquePayload(PayloadType Kind, ReadOnlyMemory<byte> Content) : Payload
{
    public override PayloadType Type => Kind;
}
