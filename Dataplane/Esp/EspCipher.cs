using System.Security.Cryptography;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Dataplane.Esp;

/// <summary>
/// The confidentiality half of an ESP transform (RFC 4303 §3.2.2): encrypts or decrypts a block-aligned
/// payload in place with an explicit per-packet IV. The keyed context is built once, when the SA is
/// installed; a packet costs no key setup and no allocation. Not thread-safe: the SA that owns it
/// serializes packets.
/// </summary>
public abstract class EspCipher : IDisposable
{
    /// <summary>The ciphertext is a multiple of this (1 for NULL).</summary>
    public abstract int BlockSize { get; }

    /// <summary>Bytes of IV carried in each packet (RFC 3602 §3: a cipher block; RFC 2410: none for NULL).</summary>
    public abstract int IvSize { get; }

    /// <summary>Encrypts <paramref name="count"/> bytes at <paramref name="offset"/> in place.</summary>
    public abstract void Encrypt(ReadOnlySpan<byte> iv, byte[] buffer, int offset, int count);

    /// <summary>Decrypts <paramref name="count"/> bytes at <paramref name="offset"/> in place.</summary>
    public abstract void Decrypt(ReadOnlySpan<byte> iv, byte[] buffer, int offset, int count);

    /// <summary>Writes the IV of the next outbound packet: random for CBC (RFC 3602 §2.3 wants it unpredictable).</summary>
    public virtual void NextIv(Span<byte> iv, IRandom random) => random.Fill(iv);

    public virtual void Dispose() => GC.SuppressFinalize(this);

    /// <summary>
    /// The cipher for an IPsec DOI ESP transform ID (RFC 2407 §4.4.4; the combined modes' IDs are
    /// IKEv2's, the same numbers) and its key (for GCM and GMAC the AES key followed by the salt).
    /// </summary>
    public static EspCipher Create(byte transformId, ReadOnlySpan<byte> key) => transformId switch
    {
        EspKeySizes.EspNull => new NullCipher(),
        EspKeySizes.EspAes => CbcCipher.Create(Aes.Create(), key),
        EspKeySizes.Esp3Des => CbcCipher.Create(TripleDES.Create(), key),
        EspKeySizes.EspDes => CbcCipher.Create(DES.Create(), key),
        EspKeySizes.EspAesGcm16 => new GcmCipher(key, authenticateOnly: false),
        EspKeySizes.EspNullAuthAesGmac => new GcmCipher(key, authenticateOnly: true),
        _ => throw new NotSupportedException($"ESP transform {transformId} is not supported"),
    };
}

/// <summary>ESP_NULL (RFC 2410): no confidentiality, no IV.</summary>
public sealed class NullCipher : EspCipher
{
    public override int BlockSize => 1;
    public override int IvSize => 0;
    public override void Encrypt(ReadOnlySpan<byte> iv, byte[] buffer, int offset, int count) { }
    public override void Decrypt(ReadOnlySpan<byte> iv, byte[] buffer, int offset, int count) { }
}

/// <summary>
/// AES-CBC (RFC 3602), 3DES-CBC (RFC 2451) and DES-CBC (RFC 2405) on one long-lived CBC transform
/// per direction. A CBC transform chains across calls: the block it XORs into the next plaintext
/// (encrypt) or the next decryption output (decrypt) is the last ciphertext block it saw. XORing the
/// first block with that carried block and the packet's IV makes each call exactly CBC with the
/// packet's IV, with the key schedule computed once (the one-shot <c>EncryptCbc</c> re-keys per call).
/// </summary>
public sealed class CbcCipher : EspCipher
{
    private readonly SymmetricAlgorithm _algorithm;
    private readonly ICryptoTransform _encryptor;
    private readonly ICryptoTransform _decryptor;
    private readonly byte[] _encryptChain;
    private readonly byte[] _decryptChain;
    private readonly int _blockSize;

    private CbcCipher(SymmetricAlgorithm algorithm)
    {
        _algorithm = algorithm;
        _blockSize = algorithm.BlockSize / 8;
        _encryptChain = new byte[_blockSize];
        _decryptChain = new byte[_blockSize];
        _encryptor = algorithm.CreateEncryptor(algorithm.Key, _encryptChain);
        _decryptor = algorithm.CreateDecryptor(algorithm.Key, _decryptChain);
    }

    internal static CbcCipher Create(SymmetricAlgorithm algorithm, ReadOnlySpan<byte> key)
    {
        try
        {
            algorithm.Mode = CipherMode.CBC;
            algorithm.Padding = PaddingMode.None;
            algorithm.Key = key.ToArray();
            return new CbcCipher(algorithm);
        }
        catch
        {
            algorithm.Dispose();
            throw;
        }
    }

    public override int BlockSize => _blockSize;
    public override int IvSize => _blockSize;

    public override void Encrypt(ReadOnlySpan<byte> iv, byte[] buffer, int offset, int count)
    {
        if (count == 0) return;
        var first = buffer.AsSpan(offset, _blockSize);
        for (var i = 0; i < _blockSize; i++) first[i] ^= (byte)(iv[i] ^ _encryptChain[i]);
        _encryptor.TransformBlock(buffer, offset, count, buffer, offset);
        buffer.AsSpan(offset + count - _blockSize, _blockSize).CopyTo(_encryptChain);
    }

    public override void Decrypt(ReadOnlySpan<byte> iv, byte[] buffer, int offset, int count)
    {
        if (count == 0) return;
        Span<byte> last = stackalloc byte[_blockSize];
        buffer.AsSpan(offset + count - _blockSize, _blockSize).CopyTo(last);
        _decryptor.TransformBlock(buffer, offset, count, buffer, offset);
        var first = buffer.AsSpan(offset, _blockSize);
        for (var i = 0; i < _blockSize; i++) first[i] ^= (byte)(iv[i] ^ _decryptChain[i]);
        last.CopyTo(_decryptChain);
    }

    public override void Dispose()
    {
        _encryptor.Dispose();
        _decryptor.Dispose();
        _algorithm.Dispose();
        base.Dispose();
    }
}
