using System.Globalization;
using System.Text;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Dataplane.Capture;

/// <summary>
/// Wireshark's decryption tables (its UAT files, one quoted CSV record a line), written next to an
/// exported capture so that it opens decrypted: copy them into a Wireshark profile directory as
/// <c>esp_sa</c> and <c>ikev1_decryption_table</c>, and turn on ESP decryption and ICV checking
/// (<c>esp.enable_encryption_decode: TRUE</c>, <c>esp.enable_authentication_check: TRUE</c>).
/// </summary>
public static class DecryptionTables
{
    /// <summary>The file names Wireshark reads in a profile directory.</summary>
    public const string EspFile = "esp_sa", IkeFile = "ikev1_decryption_table";

    /// <summary>
    /// <c>esp_sa</c>: protocol, source, destination, SPI, encryption algorithm, its key, authentication
    /// algorithm, its key. The algorithm names are the labels of Wireshark's ESP preferences (as in 4.0;
    /// later versions append sequence-number fields [M]); keys as <c>0x</c> hex.
    /// </summary>
    public static string Esp(IEnumerable<EspSaKeys> sas)
    {
        var text = new StringBuilder();
        foreach (var sa in sas)
            text.Append(CultureInfo.InvariantCulture,
                $"\"IPv4\",\"{sa.Source}\",\"{sa.Destination}\",\"0x{sa.Spi:x8}\",\"{Encryption(sa.Transform)}\",\"{Key(sa.EncryptionKey)}\"," +
                $"\"{Authentication(sa.Transform)}\",\"{Key(sa.IntegrityKey)}\"\n");
        return text.ToString();
    }

    /// <summary>
    /// <c>ikev1_decryption_table</c>: the initiator's cookie (8 bytes) and the encryption key (RFC 2409 §5.3,
    /// Appendix B). Both are byte fields, which a UAT file holds as bare hex digits, unquoted.
    /// </summary>
    public static string Ike(IEnumerable<IkeSaKeys> sas)
    {
        var text = new StringBuilder();
        foreach (var sa in sas)
            text.Append(CultureInfo.InvariantCulture, $"{sa.CookieI:x16},{Convert.ToHexStringLower(sa.EncryptionKey)}\n");
        return text.ToString();
    }

    private static string Key(byte[] key) => key.Length == 0 ? "" : "0x" + Convert.ToHexStringLower(key);

    /// <summary>The ESP transform's cipher as Wireshark's list names it; the key length tells AES-128/192/256 apart.</summary>
    public static string Encryption(EspTransform transform) => transform.TransformId switch
    {
        EspKeySizes.EspAes => "AES-CBC [RFC3602]",
        EspKeySizes.Esp3Des => "TripleDES-CBC [RFC2451]",
        EspKeySizes.EspDes => "DES-CBC [RFC2405]",
        _ => "NULL",
    };

    /// <summary>The ESP transform's integrity algorithm as Wireshark's list names it (RFC 2403, 2404, 4868 truncations).</summary>
    public static string Authentication(EspTransform transform) => transform.Authentication switch
    {
        EspKeySizes.HmacSha1 => "HMAC-SHA-1-96 [RFC2404]",
        EspKeySizes.HmacMd5 => "HMAC-MD5-96 [RFC2403]",
        EspKeySizes.HmacSha256 => "HMAC-SHA-256-128 [RFC4868]",
        EspKeySizes.HmacSha384 => "HMAC-SHA-384-192 [RFC4868]",
        EspKeySizes.HmacSha512 => "HMAC-SHA-512-256 [RFC4868]",
        _ => "NULL",
    };
}
