using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ike;

/// <summary>An IKEv1 transform set (<c>crypto ipsec ikev1 transform-set</c>) in IPsec DOI numbers (RFC 2407 §4.4.4, §4.5).</summary>
public static class EspTransforms
{
    /// <summary>The ESP transform a transform set names; null for one AsaEmu cannot run.</summary>
    public static EspTransform? Of(TransformSet set)
    {
        (byte Id, int? Bits)? cipher = set.Encryption switch
        {
            "esp-des" => (EspKeySizes.EspDes, null),
            "esp-3des" => (EspKeySizes.Esp3Des, null),
            "esp-aes" => (EspKeySizes.EspAes, 128),
            "esp-aes-192" => (EspKeySizes.EspAes, 192),
            "esp-aes-256" => (EspKeySizes.EspAes, 256),
            "esp-null" => (EspKeySizes.EspNull, null),
            _ => null,
        };
        return cipher is { } c ? new EspTransform(c.Id, c.Bits, Integrity(set), set.Name) : null;
    }

    /// <summary>The Authentication Algorithm attribute of the set's integrity; null for <c>esp-none</c>.</summary>
    public static ushort? Integrity(TransformSet set) => set.IntegrityOrNone switch
    {
        "esp-md5-hmac" => EspKeySizes.HmacMd5,
        "esp-sha-hmac" => EspKeySizes.HmacSha1,
        _ => null,
    };
}
