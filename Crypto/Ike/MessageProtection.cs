using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Ike;

/// <summary>
/// Encrypted messages of an established IKE SA: decrypting and decoding what arrives, and building
/// what leaves, with HASH(1) = prf(SKEYID_a, M-ID | payloads) for informational and transaction
/// exchanges (RFC 2409 §5.7, draft-dukes-ike-mode-cfg-02 §3.2).
/// </summary>
public static class MessageProtection
{
    /// <summary>Decrypts the body of <paramref name="data"/> (IV not yet advanced) and decodes its payload chain.</summary>
    public static bool TryOpen(IkeSa sa, IsakmpHeader header, ReadOnlyMemory<byte> data, out IReadOnlyList<Payload>? payloads, out byte[] plaintext)
    {
        payloads = null;
        var ciphertext = data.Span[IsakmpHeader.Size..(int)header.Length];
        plaintext = new byte[ciphertext.Length];
        if (sa.Iv is null) return false;
        var decrypted = header.Exchange == ExchangeType.Informational
            ? sa.Iv.TryDecryptInformational(header.MessageId, ciphertext, plaintext)
            : sa.Iv.TryDecrypt(header.MessageId, ciphertext, plaintext);
        if (!decrypted) return false;
        return IsakmpCodec.TryDecodePayloads(header.NextPayload, plaintext, out payloads, out _);
    }

    /// <summary>Checks the HASH(1) that leads a protected informational or transaction message.</summary>
    public static bool HashValid(IkeSa sa, uint messageId, IReadOnlyList<Payload> payloads, byte[] plaintext)
    {
        if (payloads.Count == 0 || payloads[0] is not DataPayload { Kind: PayloadType.Hash } hash) return false;
        var last = payloads[^1];
        var after = plaintext.AsSpan(payloads[0].ChainOffset + payloads[0].ChainLength, last.ChainOffset + last.ChainLength - payloads[0].ChainLength);
        var expected = new byte[sa.Keys!.HashLength];
        sa.Keys.ComputeMessageHash(messageId, after, expected);
        return Keying.KeyMaterial.HashesEqual(hash.Data.Span, expected);
    }

    /// <summary>
    /// Builds an encrypted informational or transaction message: HASH(1) over the payloads, then
    /// the payloads, encrypted with the exchange's IV.
    /// </summary>
    public static byte[] Seal(IkeSa sa, ExchangeType exchange, uint messageId, IReadOnlyList<Payload> payloads)
    {
        var hashLength = sa.Keys!.HashLength;
        var after = new byte[IsakmpEncoder.PayloadsLength(payloads)];
        IsakmpEncoder.WritePayloads(payloads, after);
        var hash = new byte[hashLength];
        sa.Keys.ComputeMessageHash(messageId, after, hash);
        return SealPayloads(sa, exchange, messageId, [new DataPayload(PayloadType.Hash, hash), .. payloads]);
    }

    /// <summary>Encrypts a complete payload chain (its hash already first) as one message.</summary>
    public static byte[] SealPayloads(IkeSa sa, ExchangeType exchange, uint messageId, IReadOnlyList<Payload> payloads)
    {
        var bodyLength = IsakmpEncoder.PayloadsLength(payloads);
        var encryptedLength = sa.Iv!.EncryptedLength(bodyLength);
        var message = new byte[IsakmpHeader.Size + encryptedLength];
        IsakmpEncoder.WritePayloads(payloads, message.AsSpan(IsakmpHeader.Size));
        var body = message.AsSpan(IsakmpHeader.Size, bodyLength);
        if (exchange == ExchangeType.Informational) sa.Iv.EncryptInformational(messageId, body, message.AsSpan(IsakmpHeader.Size));
        else sa.Iv.Encrypt(messageId, body, message.AsSpan(IsakmpHeader.Size));
        new IsakmpHeader(sa.CookieI, sa.CookieR, payloads[0].Type, IsakmpHeader.Version1, exchange, IsakmpFlags.Encryption, messageId, (uint)message.Length)
            .Write(message);
        return message;
    }
}
