using System.Buffers.Binary;
using System.Security.Cryptography;
using AsaEmu.Crypto.Isakmp;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Ikev2;

/// <summary>
/// The Encrypted and Authenticated payload (SK) of one direction of an IKE SA: seals a message's
/// inner payloads and opens a received one. AES-CBC with an HMAC integrity transform (RFC 7296 §3.14),
/// or AES-GCM with a 16-octet ICV (RFC 5282), keyed with SK_ei/SK_ai (initiator's messages) or
/// SK_er/SK_ar (responder's).
/// <code>
/// AES-CBC + HMAC:                                   AES-GCM (RFC 5282 §3, §5):
///   | IKE header | ... | SK generic header |          | IKE header | ... | SK generic header |  = AAD
///   | IV (16, random)                      |          | IV (8)                                |
///   | inner payloads | padding | pad len   | CBC      | inner payloads | padding | pad len    | GCM
///   | ICV: HMAC over everything before it, |          | ICV (16): the GCM tag                 |
///   |      truncated                       |          nonce = salt (last 4 octets of SK_e) | IV
/// </code>
/// The padding is zeros, as short as the cipher allows (§3.14: any content; GCM needs none).
/// </summary>
public sealed class SkProtection : IDisposable
{
    private const int GcmIvSize = 8, GcmTagSize = 16;

    private readonly Aes? _cbc;
    private readonly AesGcm? _gcm;
    private readonly uint _salt;
    private readonly IkeHash? _integrity;
    private readonly byte[] _integrityKey;
    private readonly int _icvLength;

    private SkProtection(Aes? cbc, AesGcm? gcm, uint salt, IkeHash? integrity, byte[] integrityKey, int icvLength)
    {
        (_cbc, _gcm, _salt, _integrity, _integrityKey, _icvLength) = (cbc, gcm, salt, integrity, integrityKey, icvLength);
    }

    /// <summary>
    /// The protection for an encryption transform (ENCR_AES_CBC or ENCR_AES_GCM_16, with its Key Length)
    /// and an integrity transform (AUTH_NONE with GCM). Null when AsaEmu does not implement the pair.
    /// </summary>
    public static SkProtection? Create(ushort encryption, int? keyBits, ushort integrity, ReadOnlySpan<byte> skE, ReadOnlySpan<byte> skA)
    {
        if (!TransformIds.TryGetEncryptionKeyLength(encryption, keyBits, out var keyLength) || skE.Length != keyLength) return null;
        if (encryption == TransformIds.EncrAesGcm16)
        {
            if (integrity != TransformIds.AuthNone) return null;
            var aesKey = skE[..^EspKeySizes.GcmSaltSize];
            return new SkProtection(null, new AesGcm(aesKey, GcmTagSize), BinaryPrimitives.ReadUInt32BigEndian(skE[^EspKeySizes.GcmSaltSize..]), null, [], GcmTagSize);
        }
        if (encryption != TransformIds.EncrAesCbc || !TransformIds.TryGetIntegrity(integrity, out var integrityKeyLength, out var icvLength)
            || integrity == TransformIds.AuthNone || skA.Length != integrityKeyLength)
            return null;
        var hash = integrity switch
        {
            TransformIds.AuthHmacMd5_96 => IkeHash.Md5,
            TransformIds.AuthHmacSha1_96 => IkeHash.Sha1,
            TransformIds.AuthHmacSha256_128 => IkeHash.Sha256,
            TransformIds.AuthHmacSha384_192 => IkeHash.Sha384,
            _ => IkeHash.Sha512,
        };
        var aes = Aes.Create();
        aes.Key = skE.ToArray();
        return new SkProtection(aes, null, 0, hash, skA.ToArray(), icvLength);
    }

    private int IvSize => _gcm is not null ? GcmIvSize : 16;

    /// <summary>
    /// The whole message: <paramref name="header"/> (its Next Payload and Length filled in), the
    /// <paramref name="inner"/> payloads inside one SK payload, with the IV from <paramref name="random"/>
    /// (for GCM, an IV that must never repeat under the key: random 64 bits, as strongSwan does).
    /// </summary>
    public byte[] Seal(Ikev2Header header, IReadOnlyList<Ikev2Payload> inner, IRandom random)
    {
        var innerLength = Ikev2Encoder.PayloadsLength(inner);
        var block = _gcm is not null ? 1 : 16;
        var padLength = (block - (innerLength + 1) % block) % block;
        var plainLength = innerLength + padLength + 1;
        var skLength = Ikev2Codec.GenericHeaderSize + IvSize + plainLength + _icvLength;
        var message = new byte[Ikev2Header.Size + skLength];
        var first = inner.Count > 0 ? inner[0].Type : Ikev2PayloadType.None;
        (header with { NextPayload = Ikev2PayloadType.Encrypted, Length = (uint)message.Length }).Write(message);
        var sk = message.AsSpan(Ikev2Header.Size);
        sk[0] = (byte)first;
        BinaryPrimitives.WriteUInt16BigEndian(sk[2..], checked((ushort)skLength));
        var iv = sk.Slice(Ikev2Codec.GenericHeaderSize, IvSize);
        random.Fill(iv);
        var plain = sk.Slice(Ikev2Codec.GenericHeaderSize + IvSize, plainLength);
        Ikev2Encoder.WritePayloads(inner, plain);
        plain[^1] = (byte)padLength;
        var icv = message.AsSpan(message.Length - _icvLength);
        var aad = message.AsSpan(0, Ikev2Header.Size + Ikev2Codec.GenericHeaderSize);
        if (_gcm is not null)
        {
            Span<byte> nonce = stackalloc byte[12];
            Nonce(iv, nonce);
            _gcm.Encrypt(nonce, plain, plain, icv, aad);
        }
        else
        {
            _cbc!.EncryptCbc(plain, iv, plain, PaddingMode.None);
            Mac(message.AsSpan(0, message.Length - _icvLength), icv);
        }
        return message;
    }

    /// <summary>
    /// Checks and decrypts the SK payload that ends <paramref name="message"/> (already decoded as
    /// <paramref name="decoded"/>) and decodes the payloads inside it. False, with the reason, when the
    /// ICV is wrong, the lengths do not fit the cipher, or the plaintext is malformed.
    /// </summary>
    public bool TryOpen(ReadOnlyMemory<byte> message, Ikev2Message decoded, out IReadOnlyList<Ikev2Payload>? inner, out DecodeError? error)
    {
        inner = null;
        if (decoded.Payloads.Count == 0 || decoded.Payloads[^1] is not Ikev2EncryptedPayload sk)
        {
            error = new DecodeError("no SK payload", Ikev2Header.Size);
            return false;
        }
        var length = (int)decoded.Header.Length;
        var skStart = length - sk.Content.Length - Ikev2Codec.GenericHeaderSize;
        var cipherLength = sk.Content.Length - IvSize - _icvLength;
        if (cipherLength < 1 || (_cbc is not null && cipherLength % 16 != 0))
        {
            error = new DecodeError($"SK payload of {sk.Content.Length} octets does not fit its cipher", skStart);
            return false;
        }
        var bytes = message.Span[..length];
        var iv = bytes.Slice(skStart + Ikev2Codec.GenericHeaderSize, IvSize);
        var icv = bytes[(length - _icvLength)..];
        var plain = new byte[cipherLength];
        var cipher = bytes.Slice(skStart + Ikev2Codec.GenericHeaderSize + IvSize, cipherLength);
        if (_gcm is not null)
        {
            Span<byte> nonce = stackalloc byte[12];
            Nonce(iv, nonce);
            try { _gcm.Decrypt(nonce, cipher, icv, plain, bytes[..(skStart + Ikev2Codec.GenericHeaderSize)]); }
            catch (AuthenticationTagMismatchException)
            {
                error = new DecodeError("ICV mismatch", length - _icvLength);
                return false;
            }
        }
        else
        {
            Span<byte> expected = stackalloc byte[_icvLength];
            Mac(bytes[..(length - _icvLength)], expected);
            if (!CryptographicOperations.FixedTimeEquals(expected, icv))
            {
                error = new DecodeError("ICV mismatch", length - _icvLength);
                return false;
            }
            _cbc!.DecryptCbc(cipher, iv, plain, PaddingMode.None);
        }
        int padLength = plain[^1];
        if (padLength + 1 > plain.Length)
        {
            error = new DecodeError($"pad length {padLength} beyond the {plain.Length}-octet plaintext", skStart);
            return false;
        }
        if (!Ikev2Codec.TryDecodePayloads(sk.FirstInner, plain.AsMemory(0, plain.Length - padLength - 1), outer: false, out inner, out error))
            return false;
        error = null;
        return true;
    }

    private void Nonce(ReadOnlySpan<byte> iv, Span<byte> nonce)
    {
        BinaryPrimitives.WriteUInt32BigEndian(nonce, _salt);
        iv.CopyTo(nonce[4..]);
    }

    private void Mac(ReadOnlySpan<byte> data, Span<byte> icv)
    {
        Span<byte> full = stackalloc byte[_integrity!.Length];
        _integrity.Prf(_integrityKey, data, full);
        full[.._icvLength].CopyTo(icv);
    }

    public void Dispose()
    {
        _cbc?.Dispose();
        _gcm?.Dispose();
    }
}
