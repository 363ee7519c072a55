using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ikev2;

/// <summary>Transform types of an IKEv2 proposal (RFC 7296 §3.3.2).</summary>
public enum TransformType : byte
{
    Encryption = 1,
    Prf = 2,
    Integrity = 3,
    DiffieHellman = 4,
    ExtendedSequenceNumbers = 5,
}

/// <summary>Transform IDs AsaEmu knows (IANA "IKEv2 Parameters"; RFC 7296 §3.3.2, RFC 4106, RFC 4543, RFC 4868).</summary>
public static class TransformIds
{
    // Type 1, encryption. The ESP combined modes share their numbers with the IPsec DOI's (EspKeySizes).
    public const ushort EncrDes = 2, Encr3Des = 3, EncrNull = 11, EncrAesCbc = 12,
        EncrAesGcm16 = EspKeySizes.EspAesGcm16, EncrNullAuthAesGmac = EspKeySizes.EspNullAuthAesGmac;

    // Type 2, pseudorandom function.
    public const ushort PrfHmacMd5 = 1, PrfHmacSha1 = 2, PrfHmacSha256 = 5, PrfHmacSha384 = 6, PrfHmacSha512 = 7;

    // Type 3, integrity.
    public const ushort AuthNone = 0, AuthHmacMd5_96 = 1, AuthHmacSha1_96 = 2, AuthHmacSha256_128 = 12,
        AuthHmacSha384_192 = 13, AuthHmacSha512_256 = 14;

    // Type 5, extended sequence numbers.
    public const ushort NoEsn = 0, Esn = 1;

    /// <summary>The Key Length transform attribute's type (RFC 7296 §3.3.5), the only attribute IKEv2 defines.</summary>
    public const ushort KeyLengthAttribute = 14;

    /// <summary>The HMAC an IKEv2 PRF transform names, or null when AsaEmu does not implement it.</summary>
    public static IkeHash? Prf(ushort id) => id switch
    {
        PrfHmacMd5 => IkeHash.Md5,
        PrfHmacSha1 => IkeHash.Sha1,
        PrfHmacSha256 => IkeHash.Sha256,
        PrfHmacSha384 => IkeHash.Sha384,
        PrfHmacSha512 => IkeHash.Sha512,
        _ => null,
    };

    /// <summary>
    /// The key (SK_ai/SK_ar, or the Child SA's integrity key) and ICV lengths of an integrity transform
    /// (RFC 2404, RFC 4868 §2.1: the key as long as the hash, the ICV half of it), false when unknown.
    /// </summary>
    public static bool TryGetIntegrity(ushort id, out int keyLength, out int icvLength)
    {
        (keyLength, icvLength) = id switch
        {
            AuthNone => (0, 0),
            AuthHmacMd5_96 => (16, 12),
            AuthHmacSha1_96 => (20, 12),
            AuthHmacSha256_128 => (32, 16),
            AuthHmacSha384_192 => (48, 24),
            AuthHmacSha512_256 => (64, 32),
            _ => (-1, -1),
        };
        return keyLength >= 0;
    }

    /// <summary>
    /// The key length of an encryption transform with its Key Length attribute (bits): SK_ei/SK_er, or
    /// the Child SA's encryption key, a GCM key with its 4-octet salt (RFC 5282 §7.1, RFC 4106 §8.1).
    /// </summary>
    public static bool TryGetEncryptionKeyLength(ushort id, int? keyBits, out int keyLength)
    {
        keyLength = (id, keyBits) switch
        {
            (EncrDes, null) => 8,
            (Encr3Des, null) => 24,
            (EncrNull, null) => 0,
            (EncrAesCbc or EncrAesGcm16 or EncrNullAuthAesGmac, 128 or 192 or 256) =>
                keyBits.Value / 8 + (id == EncrAesCbc ? 0 : EspKeySizes.GcmSaltSize),
            _ => -1,
        };
        return keyLength >= 0;
    }
}
