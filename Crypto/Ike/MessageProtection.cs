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
    public static bool TryOpen(IkeKeys keys, IsakmpHeader header, ReadOnlyMemory<byte> data, out IReadOnlyList<Payload>? payloads, out byte[] plaintext)
    {
        payloads = null;
        var ciphertext = data.Span[IsakmpHeader.Size..(int)header.Length];
        plaintext = new byte[ciphertext.Length];
        var decrypted = header.Exchange == ExchangeType.Informational
            ? keys.Iv.TryDecryptInformational(header.MessageId, ciphertext, plaintext)
            : keys.Iv.TryDecrypt(header.MessageId, ciphertext, plaintext);
        if (!decrypted) return false;
        return IsakmpCodec.TryDecodePayloads(header.NextPayload, plaintext, out payloads, out _);
    }

    /// <summary>Checks the HASH(1) that leads a protected informational or transaction message.</summary>
    public static bool HashValid(IkeKeys keys, uint messageId, IReadOnlyList<Payload> payloads, ReadOnlyMemory<byte> plaintext)
    {
        if (payloads.Count == 0 || payloads[0] is not DataPayload { Kind: PayloadType.Hash } hash) return false;
        var last = payloads[^1];
        var after = plaintext.Span.Slice(payloads[0].ChainOffset + payloads[0].ChainLength, last.ChainOffset + last.ChainLength - payloads[0].ChainLength);
        var expected = new byte[keys.HashLength];
        keys.Material.ComputeMessageHash(messageId, after, expected);
        return Keying.KeyMaterial.HashesEqual(hash.Data.Span, expected);
    }

    /// <summary>The HASH payload that leads a protected message (checked or not).</summary>
    public static ReadOnlySpan<byte> LeadingHash(IReadOnlyList<Payload> payloads) =>
        payloads.Count > 0 && payloads[0] is DataPayload { Kind: PayloadType.Hash } hash ? hash.Data.Span : default;

    /// <summary>
    /// Builds an encrypted informational or transaction message: HASH(1) over the payloads, then
    /// the payloads, encrypted with the exchange's IV.
    /// </summary>
    public static byte[] Seal(IkeSa sa, IkeKeys keys, ExchangeType exchange, uint messageId, IReadOnlyList<Payload> payloads)
    {
        var after = new byte[IsakmpEncoder.PayloadsLength(payloads)];
        IsakmpEncoder.WritePayloads(payloads, after);
        var hash = new byte[keys.HashLength];
        keys.Material.ComputeMessageHash(messageId, after, hash);
        return SealPayloads(sa, keys, exchange, messageId, [new DataPayload(PayloadType.Hash, hash), .. payloads]);
    }

    /// <summary>Encrypts a complete payload chain (its hash already first) as one message.</summary>
    public static byte[] SealPayloads(IkeSa sa, IkeKeys keys, ExchangeType exchange, uint messageId, IReadOnlyList<Payload> payloads)
    {
        var bodyLength = IsakmpEncoder.PayloadsLength(payloads);
        var encryptedLength = keys.Iv.EncryptedLength(bodyLength);
        var message = new byte[IsakmpHeader.Size + encryptedLength];
        IsakmpEncoder.WritePayloads(payloads, message.AsSpan(IsakmpHeader.Size));
        var body = message.AsSpan(IsakmpHeader.Size, bodyLength);
        if (exchange == ExchangeType.Informational) keys.Iv.EncryptInformational(messageId, body, message.AsSpan(IsakmpHeader.Size));
        else keys.Iv.Encrypt(messageId, body, message.AsSpan(IsakmpHeader.Size));
        new IsakmpHeader(sa.CookieI, sa.CookieR, payloads[0].Type, IsakmpHeader.Version1, exchange, IsakmpFlags.Encryption, messageId, (uint)message.Length)
            .Write(message);
        return message;
    }
}
