using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Ikev2;

/// <summary>IKEv2 exchange types (RFC 7296 §3.1).</summary>
public enum Ikev2Exchange : byte
{
    IkeSaInit = 34,
    IkeAuth = 35,
    CreateChildSa = 36,
    Informational = 37,
}

/// <summary>IKEv2 header flags (RFC 7296 §3.1): bit 3 Initiator, bit 4 Version, bit 5 Response.</summary>
[Flags]
public enum Ikev2Flags : byte
{
    None = 0,
    Initiator = 0x08,
    Version = 0x10,
    Response = 0x20,
}

/// <summary>
/// The IKEv2 header (RFC 7296 §3.1), 28 octets:
/// <code>
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                       IKE SA Initiator's SPI                  |
/// |                                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                       IKE SA Responder's SPI                  |
/// |                                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Next Payload | MjVer | MnVer | Exchange Type |     Flags     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                          Message ID                           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                            Length                             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The same place and size as ISAKMP's (RFC 2408 §3.1): the version octet (0x20) tells them apart on
/// UDP 500 and 4500.
/// </summary>
public readonly record struct Ikev2Header(
    ulong SpiI,
    ulong SpiR,
    Ikev2PayloadType NextPayload,
    byte Version,
    Ikev2Exchange Exchange,
    Ikev2Flags Flags,
    uint MessageId,
    uint Length)
{
    public const int Size = 28;

    /// <summary>IKEv2: major version 2, minor 0 (§3.1).</summary>
    public const byte Version2 = 0x20;

    public bool IsResponse => (Flags & Ikev2Flags.Response) != 0;
    public bool FromInitiator => (Flags & Ikev2Flags.Initiator) != 0;

    /// <summary>Reads the header: the layout is ISAKMP's, so its reader reads it.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out Ikev2Header header)
    {
        header = default;
        if (!IsakmpHeader.TryRead(data, out var h)) return false;
        header = new Ikev2Header(h.InitiatorCookie, h.ResponderCookie, (Ikev2PayloadType)h.NextPayload, h.Version, (Ikev2Exchange)h.Exchange,
            (Ikev2Flags)h.Flags, h.MessageId, h.Length);
        return true;
    }

    public void Write(Span<byte> destination) =>
        new IsakmpHeader(SpiI, SpiR, (PayloadType)NextPayload, Version, (ExchangeType)Exchange, (IsakmpFlags)Flags, MessageId, Length).Write(destination);
}
