namespace AsaEmu.Crypto.Keying;

/// <summary>
/// How much KEYMAT an ESP SA takes: the cipher key, then the integrity key (RFC 2409 §5.5). IDs are
/// the IPsec DOI's (RFC 2407 §4.4.4 ESP transform IDs, §4.5 Authentication Algorithm attribute;
/// RFC 4868 for HMAC-SHA-2, whose keys are as long as their hash). The combined-mode transforms
/// AES-GCM with a 16-octet ICV (RFC 4106) and AES-GMAC (RFC 4543) take the AES key and a 4-octet
/// salt as their "encryption key" (RFC 4106 §8.1, RFC 4543 §5) and no integrity algorithm; their
/// IDs are the same in the IPsec DOI and in IKEv2 (IANA "Transform Type 1").
/// </summary>
public static class EspKeySizes
{
    public const byte EspDes = 2, Esp3Des = 3, EspNull = 11, EspAes = 12, EspAesGcm16 = 20, EspNullAuthAesGmac = 21;

    /// <summary>Octets of salt after the AES key in a GCM or GMAC SA's KEYMAT (RFC 4106 §8.1, RFC 4543 §5).</summary>
    public const int GcmSaltSize = 4;

    public const ushort HmacMd5 = 1, HmacSha1 = 2, HmacSha256 = 5, HmacSha384 = 6, HmacSha512 = 7;

    /// <summary>
    /// Key lengths in bytes for an ESP transform ID with its optional Key Length attribute (bits)
    /// and its Authentication Algorithm attribute (null: no integrity). False when AsaEmu does not
    /// know the combination.
    /// </summary>
    public static bool TryGet(byte transformId, int? keyLengthBits, ushort? authentication, out int encryptionKeyLength, out int integrityKeyLength)
    {
        encryptionKeyLength = (transformId, keyLengthBits) switch
        {
            (EspDes, null or 64) => 8,
            (Esp3Des, null or 192) => 24,
            (EspNull, null) => 0,
            (EspAes, null or 128) => 16,
            (EspAes, 192) => 24,
            (EspAes, 256) => 32,
            // The Key Length attribute is mandatory for the AES combined modes (RFC 4106 §8.4).
            (EspAesGcm16 or EspNullAuthAesGmac, 128) => 16 + GcmSaltSize,
            (EspAesGcm16 or EspNullAuthAesGmac, 192) => 24 + GcmSaltSize,
            (EspAesGcm16 or EspNullAuthAesGmac, 256) => 32 + GcmSaltSize,
            _ => -1,
        };
        integrityKeyLength = authentication switch
        {
            null => 0,
            HmacMd5 => 16,
            HmacSha1 => 20,
            HmacSha256 => 32,
            HmacSha384 => 48,
            HmacSha512 => 64,
            _ => -1,
        };
        if (encryptionKeyLength < 0 || integrityKeyLength < 0 || (transformId == EspNull && authentication is null)
            || (IsCombinedMode(transformId) && authentication is not null))
        {
            encryptionKeyLength = integrityKeyLength = 0;
            return false;
        }

        return true;
    }

    /// <summary>Whether the transform authenticates by itself (AES-GCM, AES-GMAC): it takes no integrity algorithm.</summary>
    public static bool IsCombinedMode(byte transformId) => transformId is EspAesGcm16 or EspNullAuthAesGmac;
}
