using System.Security.Cryptography;

namespace AsaEmu.Crypto.Keying;

/// <summary>IKEv1 Encryption Algorithm attribute values (RFC 2409 Appendix A, class 1; RFC 3602 for AES).</summary>
public enum IkeEncryptionAlgorithm : ushort
{
    DesCbc = 1,
    TripleDesCbc = 5,
    AesCbc = 7,
}

/// <summary>
/// A CBC block cipher keyed once; each call takes its own IV, so one instance serves every message
/// of an IKE SA. The implementation is .NET's one-shot CBC (OpenSSL on Linux), not BouncyCastle's
/// table-driven AesEngine.
/// </summary>
public interface IIkeCipher : IDisposable
{
    int BlockSize { get; }

    int KeySize { get; }

    /// <summary>Encrypts whole blocks (<paramref name="plaintext"/> length is a multiple of
    /// <see cref="BlockSize"/>; no padding is added here). The destination may overlap the source exactly.</summary>
    void Encrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext);

    /// <summary>Decrypts whole blocks; no padding is removed.</summary>
    void Decrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext);
}

/// <summary>
/// A negotiated phase-1 cipher: algorithm and key length. Knows its key and block sizes, so that
/// <see cref="KeyMaterial"/> can expand SKEYID_e to the key (RFC 2409 Appendix B), and creates the keyed cipher.
/// </summary>
public sealed class IkeCipherSuite
{
    public static readonly IkeCipherSuite Des = new(IkeEncryptionAlgorithm.DesCbc, 8, 8);
    public static readonly IkeCipherSuite TripleDes = new(IkeEncryptionAlgorithm.TripleDesCbc, 24, 8);
    public static readonly IkeCipherSuite Aes128 = new(IkeEncryptionAlgorithm.AesCbc, 16, 16);
    public static readonly IkeCipherSuite Aes192 = new(IkeEncryptionAlgorithm.AesCbc, 24, 16);
    public static readonly IkeCipherSuite Aes256 = new(IkeEncryptionAlgorithm.AesCbc, 32, 16);

    private IkeCipherSuite(IkeEncryptionAlgorithm algorithm, int keySize, int blockSize)
    {
        Algorithm = algorithm;
        KeySize = keySize;
        BlockSize = blockSize;
    }

    public IkeEncryptionAlgorithm Algorithm { get; }

    /// <summary>Key length in bytes.</summary>
    public int KeySize { get; }

    public int BlockSize { get; }

    /// <summary>
    /// The suite for an Encryption Algorithm attribute and the optional Key Length attribute (in
    /// bits). DES and 3DES have fixed lengths and refuse any other; AES takes 128, 192 or 256; RFC 3602 §5.3 makes
    /// the attribute mandatory for AES, but a missing one is read leniently as 128. Null when the
    /// combination is not supported.
    /// </summary>
    public static IkeCipherSuite? FromAttributes(ushort encryptionAlgorithm, int? keyLengthBits = null) =>
        (IkeEncryptionAlgorithm)encryptionAlgorithm switch
        {
            IkeEncryptionAlgorithm.DesCbc when keyLengthBits is null or 64 => Des,
            IkeEncryptionAlgorithm.TripleDesCbc when keyLengthBits is null or 192 => TripleDes,
            IkeEncryptionAlgorithm.AesCbc => keyLengthBits switch
            {
                null or 128 => Aes128,
                192 => Aes192,
                256 => Aes256,
                _ => null,
            },
            _ => null,
        };

    /// <summary>
    /// Keys the cipher. Returns null when the key is refused: DES weak and semi-weak keys, and
    /// 3DES keys whose halves repeat (RFC 2409 Appendix B asks that weak keys be rejected).
    /// </summary>
    public IIkeCipher? TryCreate(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"{this} needs a {KeySize}-byte key, got {key.Length}", nameof(key));
        }

        SymmetricAlgorithm algorithm = Algorithm switch
        {
            IkeEncryptionAlgorithm.DesCbc => DES.Create(),
            IkeEncryptionAlgorithm.TripleDesCbc => TripleDES.Create(),
            _ => Aes.Create(),
        };
        try
        {
            algorithm.Key = key.ToArray();
        }
        catch (CryptographicException)
        {
            algorithm.Dispose();
            return null;
        }

        return new CbcCipher(algorithm, KeySize, BlockSize);
    }

    public override string ToString() => Algorithm == IkeEncryptionAlgorithm.AesCbc ? $"AesCbc{KeySize * 8}" : Algorithm.ToString();

    private sealed class CbcCipher(SymmetricAlgorithm algorithm, int keySize, int blockSize) : IIkeCipher
    {
        public int BlockSize => blockSize;

        public int KeySize => keySize;

        public void Encrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext) =>
            algorithm.EncryptCbc(plaintext, iv, ciphertext, PaddingMode.None);

        public void Decrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext) =>
            algorithm.DecryptCbc(ciphertext, iv, plaintext, PaddingMode.None);

        public void Dispose() => algorithm.Dispose();
    }
}
