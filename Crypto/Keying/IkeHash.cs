using System.Security.Cryptography;

namespace AsaEmu.Crypto.Keying;

/// <summary>IKEv1 Hash Algorithm attribute values (RFC 2409 Appendix A, class 2; RFC 4868 for SHA-2).</summary>
public enum IkeHashAlgorithm : ushort
{
    Md5 = 1,
    Sha1 = 2,
    Sha256 = 4,
    Sha384 = 5,
    Sha512 = 6,
}

/// <summary>
/// An incremental digest: a plain hash or a keyed PRF (HMAC). Append the pieces, then
/// <see cref="Finish"/>, which writes the value and leaves the digest ready for the next
/// computation under the same key, so one instance serves many messages without allocating.
/// </summary>
public interface IIkeDigest : IDisposable
{
    /// <summary>Length in bytes of the value <see cref="Finish"/> writes.</summary>
    int Length { get; }

    void Append(ReadOnlySpan<byte> data);

    /// <summary>Writes the value of everything appended since the last call into the first
    /// <see cref="Length"/> bytes of <paramref name="destination"/> and resets.</summary>
    void Finish(Span<byte> destination);
}

/// <summary>
/// A negotiated IKE hash: its plain hash (phase-1 IV, phase-2 IVs, NAT-D) and its HMAC, the PRF
/// IKEv1 uses when no PRF attribute is negotiated (RFC 2409 §4).
/// </summary>
public sealed class IkeHash
{
    public static readonly IkeHash Md5 = new(IkeHashAlgorithm.Md5, HashAlgorithmName.MD5, 16);
    public static readonly IkeHash Sha1 = new(IkeHashAlgorithm.Sha1, HashAlgorithmName.SHA1, 20);
    public static readonly IkeHash Sha256 = new(IkeHashAlgorithm.Sha256, HashAlgorithmName.SHA256, 32);
    public static readonly IkeHash Sha384 = new(IkeHashAlgorithm.Sha384, HashAlgorithmName.SHA384, 48);
    public static readonly IkeHash Sha512 = new(IkeHashAlgorithm.Sha512, HashAlgorithmName.SHA512, 64);

    private IkeHash(IkeHashAlgorithm algorithm, HashAlgorithmName name, int length)
    {
        Algorithm = algorithm;
        Name = name;
        Length = length;
    }

    public IkeHashAlgorithm Algorithm { get; }

    public HashAlgorithmName Name { get; }

    /// <summary>Output length in bytes, of the hash and of the PRF alike.</summary>
    public int Length { get; }

    /// <summary>The hash for a Hash Algorithm attribute value, or null when AsaEmu does not implement it.</summary>
    public static IkeHash? FromAttribute(ushort value) => (IkeHashAlgorithm)value switch
    {
        IkeHashAlgorithm.Md5 => Md5,
        IkeHashAlgorithm.Sha1 => Sha1,
        IkeHashAlgorithm.Sha256 => Sha256,
        IkeHashAlgorithm.Sha384 => Sha384,
        IkeHashAlgorithm.Sha512 => Sha512,
        _ => null,
    };

    public IIkeDigest CreateHash() => new IncrementalDigest(IncrementalHash.CreateHash(Name));

    /// <summary>prf(key, ...): HMAC with this hash. Any key length is allowed (RFC 2104).</summary>
    public IIkeDigest CreatePrf(ReadOnlySpan<byte> key) => new IncrementalDigest(IncrementalHash.CreateHMAC(Name, key));

    /// <summary>One-shot prf(key, data) into <paramref name="destination"/>.</summary>
    public void Prf(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination) =>
        CryptographicOperations.HmacData(Name, key, data, destination);

    /// <summary>One-shot hash(data) into <paramref name="destination"/>.</summary>
    public void Hash(ReadOnlySpan<byte> data, Span<byte> destination) => CryptographicOperations.HashData(Name, data, destination);

    public override string ToString() => Algorithm.ToString();

    private sealed class IncrementalDigest(IncrementalHash inner) : IIkeDigest
    {
        public int Length => inner.HashLengthInBytes;

        public void Append(ReadOnlySpan<byte> data) => inner.AppendData(data);

        public void Finish(Span<byte> destination) => inner.GetHashAndReset(destination);

        public void Dispose() => inner.Dispose();
    }
}
