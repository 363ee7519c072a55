using System.Buffers.Binary;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Dataplane.Esp;

/// <summary>What became of an inbound ESP packet.</summary>
public enum EspResult
{
    /// <summary>Authenticated and decrypted: the payload is ready.</summary>
    Ok,
    /// <summary>A valid dummy packet (next header 59, RFC 4303 §2.6): nothing to deliver.</summary>
    Dummy,
    /// <summary>Too short for its transform, or a ciphertext that is not a whole number of blocks.</summary>
    Malformed,
    /// <summary>Not the SPI of the SA it was given to.</summary>
    WrongSpi,
    /// <summary>Refused by the anti-replay window: zero, a duplicate, or older than the window.</summary>
    Replay,
    /// <summary>The ICV did not match.</summary>
    BadIcv,
    /// <summary>The pad length does not fit, or the padding is not 1, 2, 3, ... (RFC 4303 §2.4).</summary>
    BadPadding,
    /// <summary>The outbound sequence number would cycle: the SA must be rekeyed (RFC 4303 §3.3.3).</summary>
    SequenceExhausted,
    /// <summary>The SA was removed while the packet was on its way.</summary>
    Removed,
}

/// <summary>Where the payload of a decapsulated packet is, in the buffer it was decrypted in.</summary>
public readonly record struct EspPayload(int Offset, int Length, byte NextHeader, uint Sequence);

/// <summary>
/// ESP (RFC 4303) for one direction's keyed contexts: SPI, sequence number, IV, ciphertext of
/// payload + padding + pad length + next header, ICV over SPI through the end of the ciphertext.
/// Encrypt-then-MAC out, verify-then-decrypt in; a combined-mode transform (AES-GCM, AES-GMAC) seals
/// and opens the packet in one step instead. No allocation: work happens in caller buffers.
/// </summary>
public static class EspCodec
{
    public const byte NextHeaderIpv4 = 4, NextHeaderNone = 59;
    public const int HeaderSize = 8;

    /// <summary>The length of the ESP packet that carries <paramref name="payloadLength"/> bytes.</summary>
    public static int EncapsulatedLength(EspSa sa, int payloadLength) =>
        HeaderSize + sa.Cipher.IvSize + AlignUp(payloadLength + 2, sa.Alignment) + sa.IcvSize;

    /// <summary>
    /// Writes the ESP packet for <paramref name="payload"/> at <paramref name="offset"/> of
    /// <paramref name="destination"/> and returns its length; the IV comes from <paramref name="random"/>
    /// (CBC) or the cipher's counter (GCM).
    /// </summary>
    public static int Encapsulate(EspSa sa, uint sequence, ReadOnlySpan<byte> payload, byte nextHeader, IRandom random,
        byte[] destination, int offset)
    {
        var ivSize = sa.Cipher.IvSize;
        var cipherLength = AlignUp(payload.Length + 2, sa.Alignment);
        var total = HeaderSize + ivSize + cipherLength + sa.IcvSize;
        var packet = destination.AsSpan(offset, total);
        BinaryPrimitives.WriteUInt32BigEndian(packet, sa.Spi);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], sequence);
        var iv = packet.Slice(HeaderSize, ivSize);
        sa.Cipher.NextIv(iv, random);
        var clear = packet.Slice(HeaderSize + ivSize, cipherLength);
        payload.CopyTo(clear);
        var padLength = cipherLength - payload.Length - 2;
        for (var i = 0; i < padLength; i++) clear[payload.Length + i] = (byte)(i + 1);
        clear[^2] = (byte)padLength;
        clear[^1] = nextHeader;
        var authenticated = HeaderSize + ivSize + cipherLength;
        if (sa.Cipher is EspCombinedCipher combined)
            combined.Seal(packet[..authenticated], packet[authenticated..]);
        else
        {
            sa.Cipher.Encrypt(iv, destination, offset + HeaderSize + ivSize, cipherLength);
            sa.Integrity.Compute(packet[..authenticated], packet[authenticated..]);
        }
        return total;
    }

    /// <summary>
    /// Authenticates, replay-checks and decrypts in place the ESP packet of <paramref name="length"/>
    /// bytes at <paramref name="offset"/>. The window (if any) is checked before the ICV and
    /// advanced only after it verified; pass none for an SA without integrity (RFC 4303 §3.4.3).
    /// </summary>
    public static EspResult Decapsulate(EspSa sa, ReplayWindow? window, byte[] buffer, int offset, int length, out EspPayload payload)
    {
        payload = default;
        var ivSize = sa.Cipher.IvSize;
        var icvSize = sa.IcvSize;
        var cipherLength = length - HeaderSize - ivSize - icvSize;
        // Unsigned, so that no offset and length can overflow past the check.
        if ((uint)offset > (uint)buffer.Length || (uint)length > (uint)(buffer.Length - offset) || cipherLength < 2 || cipherLength % sa.Cipher.BlockSize != 0)
            return EspResult.Malformed;
        var packet = buffer.AsSpan(offset, length);
        if (BinaryPrimitives.ReadUInt32BigEndian(packet) != sa.Spi) return EspResult.WrongSpi;
        var sequence = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        if (window is not null && !window.Check(sequence)) return EspResult.Replay;
        var authenticated = length - icvSize;
        var cipherOffset = HeaderSize + ivSize;
        if (sa.Cipher is EspCombinedCipher combined)
        {
            if (!combined.Open(packet[..authenticated], packet[authenticated..])) return EspResult.BadIcv;
            window?.Update(sequence);
        }
        else
        {
            if (!sa.Integrity.Verify(packet[..authenticated], packet[authenticated..])) return EspResult.BadIcv;
            window?.Update(sequence);
            sa.Cipher.Decrypt(packet.Slice(HeaderSize, ivSize), buffer, offset + cipherOffset, cipherLength);
        }
        var clear = packet.Slice(cipherOffset, cipherLength);
        int padLength = clear[^2];
        var nextHeader = clear[^1];
        if (padLength + 2 > cipherLength) return EspResult.BadPadding;
        var payloadLength = cipherLength - 2 - padLength;
        for (var i = 0; i < padLength; i++)
            if (clear[payloadLength + i] != (byte)(i + 1)) return EspResult.BadPadding;
        payload = new EspPayload(offset + cipherOffset, payloadLength, nextHeader, sequence);
        return nextHeader == NextHeaderNone ? EspResult.Dummy : EspResult.Ok;
    }

    private static int AlignUp(int value, int alignment) => (value + alignment - 1) / alignment * alignment;
}
