using System.Buffers.Binary;
using System.Security.Cryptography;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Dataplane.Esp;

/// <summary>
/// A combined-mode ESP transform: it encrypts (or not) and authenticates in one pass and appends its
/// own ICV, so the SA has no separate integrity algorithm. <see cref="EspCodec"/> seals and opens the
/// packet through it instead of encrypting and computing an HMAC.
/// </summary>
public abstract class EspCombinedCipher : EspCipher
{
    /// <summary>ICV bytes the transform appends after the ciphertext.</summary>
    public abstract int IcvSize { get; }

    /// <summary>
    /// Encrypts and authenticates <paramref name="packet"/> (SPI, sequence number, IV, then payload,
    /// padding, pad length and next header) in place and writes its ICV.
    /// </summary>
    public abstract void Seal(Span<byte> packet, Span<byte> icv);

    /// <summary>Checks the ICV of <paramref name="packet"/> and decrypts it in place; false (and the text unusable) when the ICV is wrong.</summary>
    public abstract bool Open(Span<byte> packet, ReadOnlySpan<byte> icv);

    public sealed override void Encrypt(ReadOnlySpan<byte> iv, byte[] buffer, int offset, int count) =>
        throw new InvalidOperationException("a combined-mode transform seals the whole packet");

    public sealed override void Decrypt(ReadOnlySpan<byte> iv, byte[] buffer, int offset, int count) =>
        throw new InvalidOperationException("a combined-mode transform opens the whole packet");
}

/// <summary>
/// AES-GCM with a 16-octet ICV (RFC 4106, ENCR_AES_GCM_16) and AES-GMAC (RFC 4543,
/// ENCR_NULL_AUTH_AES_GMAC) on one keyed <see cref="AesGcm"/> per direction.
/// <code>
///  nonce (12 octets) = salt (4, from KEYMAT) | IV (8, carried in the packet)      RFC 4106 §4
///
///  GCM:   AAD = SPI | sequence number (no ESN)                                      RFC 4106 §5
///         plaintext = payload | padding | pad length | next header -> ciphertext in place
///  GMAC:  AAD = SPI | sequence number | IV | payload | padding | pad length | next header
///         plaintext empty: the packet goes in clear, the ICV alone protects it       RFC 4543 §3.2
/// </code>
/// The IV is a counter (RFC 4106 §3.1: unique per key, need not be unpredictable), so no random bytes
/// are spent per packet; the outbound SA's lock serializes it. No allocation per packet.
/// </summary>
public sealed class GcmCipher : EspCombinedCipher
{
    public const int ExplicitIvSize = 8, TagSize = 16, NonceSize = 12;

    private readonly AesGcm _aes;
    private readonly uint _salt;
    private readonly bool _authenticateOnly;
    private ulong _lastIv;

    /// <param name="keyAndSalt">The AES key (16, 24 or 32 octets) followed by the 4-octet salt.</param>
    /// <param name="authenticateOnly">GMAC: authenticate the packet, leave it in clear.</param>
    public GcmCipher(ReadOnlySpan<byte> keyAndSalt, bool authenticateOnly)
    {
        var keyLength = keyAndSalt.Length - EspKeySizes.GcmSaltSize;
        if (keyLength is not (16 or 24 or 32))
            throw new ArgumentException($"AES-GCM takes a 16, 24 or 32-octet key and a 4-octet salt, not {keyAndSalt.Length} octets", nameof(keyAndSalt));
        _aes = new AesGcm(keyAndSalt[..keyLength], TagSize);
        _salt = BinaryPrimitives.ReadUInt32BigEndian(keyAndSalt[keyLength..]);
        _authenticateOnly = authenticateOnly;
    }

    /// <summary>GCM is a stream mode: the ciphertext needs no block alignment (the ESP trailer still aligns to 4).</summary>
    public override int BlockSize => 1;
    public override int IvSize => ExplicitIvSize;
    public override int IcvSize => TagSize;

    /// <summary>The next value of the IV counter (1 for the first packet).</summary>
    public override void NextIv(Span<byte> iv, IRandom random) => BinaryPrimitives.WriteUInt64BigEndian(iv, ++_lastIv);

    public override void Seal(Span<byte> packet, Span<byte> icv)
    {
        Span<byte> nonce = stackalloc byte[NonceSize];
        Nonce(packet, nonce);
        if (_authenticateOnly)
            _aes.Encrypt(nonce, ReadOnlySpan<byte>.Empty, Span<byte>.Empty, icv, packet);
        else
        {
            var text = packet[(EspCodec.HeaderSize + ExplicitIvSize)..];
            _aes.Encrypt(nonce, text, text, icv, packet[..EspCodec.HeaderSize]);
        }
    }

    public override bool Open(Span<byte> packet, ReadOnlySpan<byte> icv)
    {
        Span<byte> nonce = stackalloc byte[NonceSize];
        Nonce(packet, nonce);
        try
        {
            if (_authenticateOnly)
                _aes.Decrypt(nonce, ReadOnlySpan<byte>.Empty, icv, Span<byte>.Empty, packet);
            else
            {
                var text = packet[(EspCodec.HeaderSize + ExplicitIvSize)..];
                _aes.Decrypt(nonce, text, icv, text, packet[..EspCodec.HeaderSize]);
            }
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    private void Nonce(ReadOnlySpan<byte> packet, Span<byte> nonce)
    {
        BinaryPrimitives.WriteUInt32BigEndian(nonce, _salt);
        packet.Slice(EspCodec.HeaderSize, ExplicitIvSize).CopyTo(nonce[4..]);
    }

    public override void Dispose()
    {
        _aes.Dispose();
        base.Dispose();
    }
}
