using System.Security.Cryptography;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Dataplane.Esp;

/// <summary>
/// The integrity half of an ESP transform: HMAC-MD5-96 (RFC 2403), HMAC-SHA1-96 (RFC 2404), or none
/// (esp-none). The keyed HMAC context is built once per SA and reset after each packet. Not
/// thread-safe: the SA that owns it serializes packets.
/// </summary>
public sealed class EspIntegrity : IDisposable
{
    /// <summary>ICV bytes of the HMAC-96 algorithms: the leftmost 96 bits of the HMAC.</summary>
    public const int Hmac96Size = 12;

    private readonly IncrementalHash? _hmac;
    private readonly int _hashSize;

    /// <summary>ICV bytes appended to each packet (0 for esp-none).</summary>
    public int IcvSize { get; }

    private EspIntegrity(IncrementalHash? hmac, int hashSize)
    {
        _hmac = hmac;
        _hashSize = hashSize;
        IcvSize = hmac is null ? 0 : Hmac96Size;
    }

    public static readonly EspIntegrity None = new(null, 0);

    /// <summary>The integrity algorithm for an IPsec DOI Authentication Algorithm (RFC 2407 §4.5), null for none.</summary>
    public static EspIntegrity Create(ushort? authentication, byte[] key) => authentication switch
    {
        null => None,
        EspKeySizes.HmacMd5 => new EspIntegrity(IncrementalHash.CreateHMAC(HashAlgorithmName.MD5, key), 16),
        EspKeySizes.HmacSha1 => new EspIntegrity(IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key), 20),
        _ => throw new NotSupportedException($"ESP authentication algorithm {authentication} is not supported"),
    };

    /// <summary>Writes the ICV of <paramref name="data"/> (SPI through the end of the ciphertext) to <paramref name="icv"/>.</summary>
    public void Compute(ReadOnlySpan<byte> data, Span<byte> icv)
    {
        if (_hmac is null) return;
        Span<byte> full = stackalloc byte[_hashSize];
        _hmac.AppendData(data);
        _hmac.GetHashAndReset(full);
        full[..IcvSize].CopyTo(icv);
    }

    /// <summary>True when <paramref name="icv"/> is the ICV of <paramref name="data"/>; compared in constant time.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> icv)
    {
        if (_hmac is null) return true;
        Span<byte> expected = stackalloc byte[Hmac96Size];
        Compute(data, expected);
        return CryptographicOperations.FixedTimeEquals(expected, icv);
    }

    public void Dispose() => _hmac?.Dispose();
}
