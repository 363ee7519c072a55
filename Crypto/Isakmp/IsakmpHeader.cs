using System.Buffers.Binary;

namespace AsaEmu.Crypto.Isakmp;

/// <summary>
/// The fixed ISAKMP header (RFC 2408 §3.1), 28 bytes:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// !                     Initiator Cookie (8)                      !
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// !                     Responder Cookie (8)                      !
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// !  Next Payload ! MjVer ! MnVer ! Exchange Type !     Flags     !
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// !                          Message ID                           !
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// !                            Length                             !
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly record struct IsakmpHeader(
    ulong InitiatorCookie,
    ulong ResponderCookie,
    PayloadType NextPayload,
    byte Version,
    ExchangeType Exchange,
    IsakmpFlags Flags,
    uint MessageId,
    uint Length)
{
    public const int Size = 28;
    /// <summary>ISAKMP 1.0: major 1, minor 0.</summary>
    public const byte Version1 = 0x10;

    public bool Encrypted => (Flags & IsakmpFlags.Encryption) != 0;

    public static bool TryRead(ReadOnlySpan<byte> data, out IsakmpHeader header)
    {
        header = default;
        if (data.Length < Size) return false;
        header = new IsakmpHeader(
            BinaryPrimitives.ReadUInt64BigEndian(data),
            BinaryPrimitives.ReadUInt64BigEndian(data[8..]),
            (PayloadType)data[16],
            data[17],
            (ExchangeType)data[18],
            (IsakmpFlags)data[19],
            BinaryPrimitives.ReadUInt32BigEndian(data[20..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[24..]));
        return true;
    }

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, InitiatorCookie);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], ResponderCookie);
        destination[16] = (byte)NextPayload;
        destination[17] = Version;
        destination[18] = (byte)Exchange;
        destination[19] = (byte)Flags;
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], MessageId);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], Length);
    }
}
