namespace AsaEmu.Crypto.Keying;

/// <summary>
/// How much KEYMAT an ESP SA takes: the cipher key, then the integrity key (RFC 2409 §5.5). IDs are
/// the IPsec DOI's (RFC 2407 §4.4.4 ESP transform IDs, §4.5 Authentication Algorithm attribute;
/// RFC 4868 for HMAC-SHA-2, whose keys are as long as their hash).
/// </summary>
public static class EspKeySizes
{
    public const byte EspDes = 2, Esp3Des = 3, EspNull = 11, EspAes = 12;

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
        if (encryptionKeyLength < 0 || integrityKeyLength < 0 || (transformId == EspNull && authentication is null))
        {
            encryptionKeyLength = integrityKeyLength = 0;
            return false;
        }

        return true;
    }
}
