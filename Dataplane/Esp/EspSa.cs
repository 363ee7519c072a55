using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Dataplane.Esp;

/// <summary>
/// One direction of an IPsec SA with its keyed contexts: the SPI, the cipher and the integrity
/// algorithm, built once from the keys IKE negotiated. Not thread-safe by itself.
/// </summary>
public sealed class EspSa : IDisposable
{
    public uint Spi { get; }
    public EspCipher Cipher { get; }
    public EspIntegrity Integrity { get; }

    public EspSa(uint spi, EspCipher cipher, EspIntegrity integrity)
    {
        Spi = spi;
        Cipher = cipher;
        Integrity = integrity;
    }

    /// <summary>Builds the contexts for <paramref name="keys"/> under <paramref name="transform"/>.</summary>
    public static EspSa Create(EspTransform transform, SaKeys keys)
    {
        if (!EspKeySizes.TryGet(transform.TransformId, transform.KeyBits, transform.Authentication, out var encryptionLength, out var integrityLength)
            || keys.EncryptionKey.Length != encryptionLength || keys.IntegrityKey.Length != integrityLength)
            throw new NotSupportedException($"ESP transform {transform.AsaName} with {keys.EncryptionKey.Length}/{keys.IntegrityKey.Length}-byte keys is not supported");
        var cipher = EspCipher.Create(transform.TransformId, keys.EncryptionKey);
        try { return new EspSa(keys.Spi, cipher, EspIntegrity.Create(transform.Authentication, keys.IntegrityKey)); }
        catch { cipher.Dispose(); throw; }
    }

    /// <summary>ICV bytes after the ciphertext: the combined mode's own (GCM, GMAC) or the integrity algorithm's.</summary>
    public int IcvSize => Cipher is EspCombinedCipher combined ? combined.IcvSize : Integrity.IcvSize;

    /// <summary>Bytes the ciphertext (payload, padding, pad length, next header) is a multiple of (RFC 4303 §2.4).</summary>
    public int Alignment => Math.Max(Cipher.BlockSize, 4);

    public void Dispose()
    {
        Cipher.Dispose();
        Integrity.Dispose();
    }
}
