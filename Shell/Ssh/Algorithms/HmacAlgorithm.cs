using System.Buffers.Binary;
using System.Security.Cryptography;

namespace AsaEmu.Shell.Ssh.Algorithms;

/// <summary>A negotiable MAC: hmac-sha2-256, hmac-sha2-256-etm@openssh.com, hmac-sha1.</summary>
internal sealed record MacAlgorithm(string Name, HashAlgorithmName Hash, int KeyLength, int Length, bool EncryptThenMac)
{
    public static readonly MacAlgorithm HmacSha256 = new("hmac-sha2-256", HashAlgorithmName.SHA256, 32, 32, false);
    public static readonly MacAlgorithm HmacSha256Etm = new("hmac-sha2-256-etm@openssh.com", HashAlgorithmName.SHA256, 32, 32, true);
    public static readonly MacAlgorithm HmacSha1 = new("hmac-sha1", HashAlgorithmName.SHA1, 20, 20, false);

    public Hmac Create(ReadOnlySpan<byte> key) => new(Hash, key, Length);
}

/// <summary>An HMAC keyed once and reused for every packet: MAC = HMAC(key, uint32 sequence || data).</summary>
internal sealed class Hmac(HashAlgorithmName hash, ReadOnlySpan<byte> key, int length) : IDisposable
{
    private readonly IncrementalHash _hmac = IncrementalHash.CreateHMAC(hash, key);

    public int Length { get; } = length;

    public void Compute(uint sequence, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Span<byte> seq = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(seq, sequence);
        _hmac.AppendData(seq);
        _hmac.AppendData(data);
        _hmac.GetHashAndReset(destination);
    }

    public bool Verify(uint sequence, ReadOnlySpan<byte> data, ReadOnlySpan<byte> mac)
    {
        Span<byte> expected = stackalloc byte[64];
        expected = expected[..Length];
        Compute(sequence, data, expected);
        return CryptographicOperations.FixedTimeEquals(expected, mac);
    }

    public void Dispose() => _hmac.Dispose();
}
