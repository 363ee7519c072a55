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
/// <para>
/// A message too large for the path travels as Encrypted Fragment payloads (SKF, RFC 7383 §2.5), one
/// per message, each a piece of the inner payloads' octets sealed as above on its own: the Fragment
/// Number and Total Fragments belong to the header the ICV (or GCM's associated data) covers.
/// </para>
/// <code>
///                      1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Next Payload  |C|  RESERVED   |         Payload Length        |  Next Payload: the first inner
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  payload in fragment 1, else 0
/// |        Fragment Number        |        Total Fragments        |  from 1; 1 &lt;= number &lt;= total
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                     Initialization Vector                     |
/// ~             Encrypted content (a piece, padding, pad len)     ~
/// ~                    Integrity Checksum Data                    ~
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
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

    /// <summary>The cipher's block: padding makes the plaintext a multiple of it (GCM needs none).</summary>
    private int Block => _gcm is not null ? 1 : 16;

    /// <summary>Octets before the plaintext and after it, in one SK or SKF payload: its headers, the IV and the ICV.</summary>
    private int Framing(bool fragment) => Ikev2Header.Size + Ikev2Codec.GenericHeaderSize + (fragment ? FragmentFieldsSize : 0) + IvSize + _icvLength;

    /// <summary>The Fragment Number and Total Fragments fields of an SKF payload (RFC 7383 §2.5).</summary>
    public const int FragmentFieldsSize = 4;

    /// <summary>The plaintext after <paramref name="dataLength"/> octets of inner payloads: the padding and the Pad Length octet.</summary>
    private int PlainLength(int dataLength) => dataLength + (Block - (dataLength + 1) % Block) % Block + 1;

    /// <summary>The size of a message whose one SK payload carries <paramref name="dataLength"/> octets of inner payloads.</summary>
    public int SealedLength(int dataLength) => Framing(fragment: false) + PlainLength(dataLength);

    /// <summary>
    /// How many octets of inner payloads one SKF message of at most <paramref name="messageLimit"/> octets
    /// carries (RFC 7383 §2.5.1: the headers, IV, padding and ICV of each fragment come off); 0 when none fit.
    /// </summary>
    public int FragmentCapacity(int messageLimit)
    {
        var room = messageLimit - Framing(fragment: true);
        return room <= 0 ? 0 : room / Block * Block - 1;
    }

    /// <summary>
    /// The whole message: <paramref name="header"/> (its Next Payload and Length filled in), the
    /// <paramref name="inner"/> payloads inside one SK payload, with the IV from <paramref name="random"/>
    /// (for GCM, an IV that must never repeat under the key: random 64 bits, as strongSwan does).
    /// </summary>
    public byte[] Seal(Ikev2Header header, IReadOnlyList<Ikev2Payload> inner, IRandom random)
    {
        var first = inner.Count > 0 ? inner[0].Type : Ikev2PayloadType.None;
        var dataLength = Ikev2Encoder.PayloadsLength(inner);
        var message = Frame(header, first, null, dataLength, out var plainAt, out var plainLength);
        Ikev2Encoder.WritePayloads(inner, message.AsSpan(plainAt, plainLength));
        Protect(message, plainAt, plainLength, dataLength, random);
        return message;
    }

    /// <summary>
    /// One fragment message (RFC 7383 §2.5): <paramref name="data"/>, a piece of the inner payloads' octets,
    /// in an SKF payload numbered <paramref name="number"/> of <paramref name="total"/>, padded, encrypted
    /// and integrity-protected on its own; only the first names <paramref name="firstInner"/>.
    /// </summary>
    public byte[] SealFragment(Ikev2Header header, Ikev2PayloadType firstInner, ushort number, ushort total, ReadOnlySpan<byte> data, IRandom random)
    {
        var message = Frame(header, number == 1 ? firstInner : Ikev2PayloadType.None, (number, total), data.Length, out var plainAt, out var plainLength);
        data.CopyTo(message.AsSpan(plainAt, plainLength));
        Protect(message, plainAt, plainLength, data.Length, random);
        return message;
    }

    /// <summary>The message's header, the SK or SKF payload's headers and room for its plaintext, which starts at <paramref name="plainAt"/>.</summary>
    private byte[] Frame(Ikev2Header header, Ikev2PayloadType first, (ushort Number, ushort Total)? fragment, int dataLength, out int plainAt, out int plainLength)
    {
        plainLength = PlainLength(dataLength);
        var message = new byte[Framing(fragment is not null) + plainLength];
        var type = fragment is null ? Ikev2PayloadType.Encrypted : Ikev2PayloadType.EncryptedFragment;
        (header with { NextPayload = type, Length = (uint)message.Length }).Write(message);
        var sk = message.AsSpan(Ikev2Header.Size);
        sk[0] = (byte)first;
        BinaryPrimitives.WriteUInt16BigEndian(sk[2..], checked((ushort)sk.Length));
        plainAt = Ikev2Header.Size + Ikev2Codec.GenericHeaderSize + IvSize;
        if (fragment is { } f)
        {
            BinaryPrimitives.WriteUInt16BigEndian(sk[4..], f.Number);
            BinaryPrimitives.WriteUInt16BigEndian(sk[6..], f.Total);
            plainAt += FragmentFieldsSize;
        }
        return message;
    }

    /// <summary>
    /// Pads (zeros, then the Pad Length), encrypts and seals the <paramref name="dataLength"/> octets written at <paramref name="plainAt"/>: the IV before it, the ICV
    /// after it over everything before (AES-GCM: all before the IV as associated data, RFC 5282 §5).
    /// </summary>
    private void Protect(byte[] message, int plainAt, int plainLength, int dataLength, IRandom random)
    {
        var plain = message.AsSpan(plainAt, plainLength);
        plain[^1] = (byte)(plainLength - 1 - dataLength);
        var iv = message.AsSpan(plainAt - IvSize, IvSize);
        random.Fill(iv);
        var icv = message.AsSpan(message.Length - _icvLength);
        var aad = message.AsSpan(0, plainAt - IvSize);
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
        if (!TryDecrypt(message.Span[..(int)decoded.Header.Length], sk.Content.Length, out var plain, out var dataLength, out error)) return false;
        return Ikev2Codec.TryDecodePayloads(sk.FirstInner, plain.AsMemory(0, dataLength), outer: false, out inner, out error);
    }

    /// <summary>
    /// Checks and decrypts the SKF payload that ends <paramref name="message"/> (RFC 7383 §2.6: each fragment
    /// on its own, before it is kept): <paramref name="data"/> is its piece of the inner payloads, padding removed.
    /// </summary>
    public bool TryOpenFragment(ReadOnlyMemory<byte> message, Ikev2Message decoded, out ReadOnlyMemory<byte> data, out DecodeError? error)
    {
        data = default;
        if (decoded.Payloads.Count == 0 || decoded.Payloads[^1] is not Ikev2EncryptedFragmentPayload skf)
        {
            error = new DecodeError("no SKF payload", Ikev2Header.Size);
            return false;
        }
        if (!TryDecrypt(message.Span[..(int)decoded.Header.Length], skf.Content.Length, out var plain, out var dataLength, out error)) return false;
        data = plain.AsMemory(0, dataLength);
        return true;
    }

    /// <summary>
    /// The plaintext of the last <paramref name="contentLength"/> octets of <paramref name="bytes"/> (IV,
    /// ciphertext, ICV), checked against everything before it; <paramref name="dataLength"/> leaves the padding out.
    /// </summary>
    private bool TryDecrypt(ReadOnlySpan<byte> bytes, int contentLength, out byte[] plain, out int dataLength, out DecodeError? error)
    {
        plain = [];
        dataLength = 0;
        var length = bytes.Length;
        var contentAt = length - contentLength;
        var cipherLength = contentLength - IvSize - _icvLength;
        if (cipherLength < 1 || (_cbc is not null && cipherLength % 16 != 0))
        {
            error = new DecodeError($"encrypted payload of {contentLength} octets does not fit its cipher", contentAt);
            return false;
        }
        var iv = bytes.Slice(contentAt, IvSize);
        var icv = bytes[(length - _icvLength)..];
        plain = new byte[cipherLength];
        var cipher = bytes.Slice(contentAt + IvSize, cipherLength);
        if (_gcm is not null)
        {
            Span<byte> nonce = stackalloc byte[12];
            Nonce(iv, nonce);
            try { _gcm.Decrypt(nonce, cipher, icv, plain, bytes[..contentAt]); }
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
            error = new DecodeError($"pad length {padLength} beyond the {plain.Length}-octet plaintext", contentAt);
            return false;
        }
        dataLength = plain.Length - padLength - 1;
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
