using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Ikev2;

/// <summary>IKEv2 payload types (RFC 7296 §3.2; RFC 7383 §2.5 for the Encrypted Fragment).</summary>
public enum Ikev2PayloadType : byte
{
    None = 0,
    SecurityAssociation = 33,
    KeyExchange = 34,
    IdInitiator = 35,
    IdResponder = 36,
    Certificate = 37,
    CertificateRequest = 38,
    Authentication = 39,
    Nonce = 40,
    Notify = 41,
    Delete = 42,
    VendorId = 43,
    TsInitiator = 44,
    TsResponder = 45,
    Encrypted = 46,
    Configuration = 47,
    Eap = 48,
    EncryptedFragment = 53,
}

/// <summary>
/// A decoded IKEv2 payload. Each starts with the generic payload header (§3.2), whose critical bit
/// says whether a receiver that does not know the type must refuse the message (§2.5).
/// </summary>
public abstract record Ikev2Payload
{
    public abstract Ikev2PayloadType Type { get; }

    /// <summary>The C bit of the generic header. Senders set it on no payload RFC 7296 defines (§2.5).</summary>
    public bool Critical { get; init; }

    private ReadOnlyMemory<byte> _body;

    /// <summary>The body as received, without its generic header (the ID payload's is what AUTH signs, §2.15). Empty when built locally.</summary>
    public ReadOnlyMemory<byte> Body { get => _body; init => _body = value; }

    internal void Frame(ReadOnlyMemory<byte> body) => _body = body;
}

/// <summary>Security Association (§3.3): proposals numbered from 1, each a protocol with its transforms.</summary>
public sealed record Ikev2SaPayload(IReadOnlyList<Ikev2Proposal> Proposals) : Ikev2Payload
{
    public override Ikev2PayloadType Type => Ikev2PayloadType.SecurityAssociation;
}

/// <summary>Protocol IDs of proposals, notifications and deletes (§3.3.1).</summary>
public static class Ikev2Protocols
{
    public const byte Ike = 1, Ah = 2, Esp = 3;
}

/// <summary>A proposal substructure (§3.3.1): number, protocol, SPI (none for a first IKE SA, 8 octets on an IKE rekey, 4 for ESP).</summary>
public sealed record Ikev2Proposal(byte Number, byte ProtocolId, ReadOnlyMemory<byte> Spi, IReadOnlyList<Ikev2Transform> Transforms);

/// <summary>A transform substructure (§3.3.2) and its attributes (§3.3.5: only Key Length, in TV form).</summary>
public sealed record Ikev2Transform(TransformType Type, ushort Id, IReadOnlyList<DataAttribute> Attributes)
{
    /// <summary>The Key Length attribute in bits, or null.</summary>
    public int? KeyBits
    {
        get
        {
            for (var i = 0; i < Attributes.Count; i++)
                if (Attributes[i].Type == TransformIds.KeyLengthAttribute && Attributes[i].Short) return Attributes[i].ShortValue;
            return null;
        }
    }
}

/// <summary>Key Exchange (§3.4): the Diffie-Hellman group and the public value.</summary>
public sealed record Ikev2KePayload(ushort Group, ReadOnlyMemory<byte> Data) : Ikev2Payload
{
    public override Ikev2PayloadType Type => Ikev2PayloadType.KeyExchange;
}

/// <summary>ID types (§3.5).</summary>
public static class Ikev2IdTypes
{
    public const byte Ipv4Address = 1, Fqdn = 2, Rfc822Address = 3, Ipv6Address = 5, DerAsn1Dn = 9, KeyId = 11;
}

/// <summary>Identification, IDi or IDr (§3.5): ID type and data.</summary>
public sealed record Ikev2IdPayload(bool Initiator, byte IdType, ReadOnlyMemory<byte> Data) : Ikev2Payload
{
    public override Ikev2PayloadType Type => Initiator ? Ikev2PayloadType.IdInitiator : Ikev2PayloadType.IdResponder;
}

/// <summary>Authentication methods (§3.8).</summary>
public static class Ikev2AuthMethods
{
    public const byte RsaSignature = 1, SharedKeyMic = 2, DssSignature = 3;
}

/// <summary>Authentication (§3.8): the method and the authentication data.</summary>
public sealed record Ikev2AuthPayload(byte Method, ReadOnlyMemory<byte> Data) : Ikev2Payload
{
    public override Ikev2PayloadType Type => Ikev2PayloadType.Authentication;
}

/// <summary>Nonce (§3.9): 16 to 256 octets, which the exchange checks (the codec takes what comes).</summary>
public sealed record Ikev2NoncePayload(ReadOnlyMemory<byte> Data) : Ikev2Payload
{
    public override Ikev2PayloadType Type => Ikev2PayloadType.Nonce;
}

/// <summary>Notify message types AsaEmu names (§3.10.1; RFC 7383 §2.1 for fragmentation).</summary>
public static class Ikev2NotifyTypes
{
    public const ushort UnsupportedCriticalPayload = 1, InvalidIkeSpi = 4, InvalidMajorVersion = 5, InvalidSyntax = 7,
        InvalidMessageId = 9, InvalidSpi = 11, NoProposalChosen = 14, InvalidKePayload = 17, AuthenticationFailed = 24,
        SinglePairRequired = 34, NoAdditionalSas = 35, InternalAddressFailure = 36, FailedCpRequired = 37, TsUnacceptable = 38,
        InvalidSelectors = 39, TemporaryFailure = 43, ChildSaNotFound = 44;

    public const ushort InitialContact = 16384, SetWindowSize = 16385, AdditionalTsPossible = 16386, IpcompSupported = 16387,
        NatDetectionSourceIp = 16388, NatDetectionDestinationIp = 16389, Cookie = 16390, UseTransportMode = 16391,
        RekeySa = 16393, EspTfcPaddingNotSupported = 16394, NonFirstFragmentsAlso = 16395, FragmentationSupported = 16430;

    /// <summary>Types below 16384 report errors (§3.10.1).</summary>
    public static bool IsError(ushort type) => type < 16384;
}

/// <summary>Notify (§3.10): protocol, SPI (none, or the Child SA's), type and data.</summary>
public sealed record Ikev2NotifyPayload(byte ProtocolId, ReadOnlyMemory<byte> Spi, ushort NotifyType, ReadOnlyMemory<byte> Data) : Ikev2Payload
{
    public override Ikev2PayloadType Type => Ikev2PayloadType.Notify;
}

/// <summary>Delete (§3.11): the IKE SA (no SPI), or ESP/AH SAs as one slice of 4-octet SPIs.</summary>
public sealed record Ikev2DeletePayload(byte ProtocolId, byte SpiSize, ReadOnlyMemory<byte> SpiBytes) : Ikev2Payload
{
    public override Ikev2PayloadType Type => Ikev2PayloadType.Delete;

    public int SpiCount => SpiSize == 0 ? 0 : SpiBytes.Length / SpiSize;
}

/// <summary>Vendor ID (§3.12).</summary>
public sealed record Ikev2VendorIdPayload(ReadOnlyMemory<byte> Data) : Ikev2Payload
{
    public override Ikev2PayloadType Type => Ikev2PayloadType.VendorId;
}

/// <summary>Traffic selector types (§3.13.1).</summary>
public static class TsTypes
{
    public const byte Ipv4AddrRange = 7, Ipv6AddrRange = 8;

    /// <summary>The selector length of a type (header, ports and both addresses), or -1 for a type AsaEmu does not know.</summary>
    public static int Length(byte type) => type switch { Ipv4AddrRange => 16, Ipv6AddrRange => 40, _ => -1 };
}

/// <summary>One traffic selector (§3.13.1): an IP protocol (0: any), a port range and an address range.</summary>
public sealed record TrafficSelector(byte TsType, byte IpProtocol, ushort StartPort, ushort EndPort, ReadOnlyMemory<byte> StartAddress, ReadOnlyMemory<byte> EndAddress);

/// <summary>Traffic Selector, TSi or TSr (§3.13).</summary>
public sealed record Ikev2TsPayload(bool Initiator, IReadOnlyList<TrafficSelector> Selectors) : Ikev2Payload
{
    public override Ikev2PayloadType Type => Initiator ? Ikev2PayloadType.TsInitiator : Ikev2PayloadType.TsResponder;
}

/// <summary>
/// Encrypted and Authenticated, SK (§3.14): the last payload of a message; its Next Payload field names
/// the first payload inside. Kept as it came (IV, ciphertext, ICV) until the SA's keys open it.
/// </summary>
public sealed record Ikev2EncryptedPayload(Ikev2PayloadType FirstInner, ReadOnlyMemory<byte> Content) : Ikev2Payload
{
    public override Ikev2PayloadType Type => Ikev2PayloadType.Encrypted;
}

/// <summary>
/// Encrypted Fragment, SKF (RFC 7383 §2.5): a numbered piece of an SK payload; only the first names
/// the first inner payload (the others carry 0).
/// </summary>
public sealed record Ikev2EncryptedFragmentPayload(Ikev2PayloadType FirstInner, ushort FragmentNumber, ushort TotalFragments, ReadOnlyMemory<byte> Content) : Ikev2Payload
{
    public override Ikev2PayloadType Type => Ikev2PayloadType.EncryptedFragment;
}

/// <summary>A payload kept as it came: CERT, CERTREQ (AsaEmu authenticates by PSK and skips them), CP, EAP, or a type it does not know.</summary>
public sealed record Ikev2OpaquePayload(Ikev2PayloadType PayloadType, ReadOnlyMemory<byte> Content) : Ikev2Payload
{
    public override Ikev2PayloadType Type => PayloadType;
}

/// <summary>A decoded IKEv2 message: the header and the payloads outside any SK payload.</summary>
public sealed record Ikev2Message(Ikev2Header Header, IReadOnlyList<Ikev2Payload> Payloads)
{
    /// <summary>The first payload of a type, or null (a loop: no lambda allocated per message).</summary>
    public T? Find<T>() where T : Ikev2Payload
    {
        for (var i = 0; i < Payloads.Count; i++)
            if (Payloads[i] is T payload) return payload;
        return null;
    }
}
