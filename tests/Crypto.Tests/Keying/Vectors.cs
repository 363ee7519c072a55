using System.Security.Cryptography;
using System.Text.Json;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Tests.Keying;

/// <summary>
/// The known-answer vectors of vectors/keying-vectors.json, computed by vectors/make_vectors.py
/// (Python standard library) without any of our code.
/// </summary>
internal static class Vectors
{
    private static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Keying", "vectors", "keying-vectors.json"))).RootElement);

    public static IEnumerable<JsonElement> Modp => Root.Value.GetProperty("modp").EnumerateArray();

    public static IEnumerable<JsonElement> Dh => Root.Value.GetProperty("dh").EnumerateArray();

    public static IEnumerable<JsonElement> Ecp => Root.Value.GetProperty("ecp").EnumerateArray();

    public static IEnumerable<JsonElement> Phase1 => Root.Value.GetProperty("phase1").EnumerateArray();

    public static JsonElement Phase1Named(string name) => Phase1.Single(v => v.GetProperty("name").GetString() == name);

    public static IEnumerable<object[]> Phase1Names => Phase1.Select(v => new object[] { v.GetProperty("name").GetString()! });

    public static byte[] Bytes(this JsonElement e, string property) => Convert.FromHexString(e.GetProperty(property).GetString()!);

    public static string Hex(this JsonElement e, string property) => e.GetProperty(property).GetString()!.ToUpperInvariant();

    public static int Int(this JsonElement e, string property) => e.GetProperty(property).GetInt32();

    public static uint UInt(this JsonElement e, string property) => e.GetProperty(property).GetUInt32();

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);

    public static IkeHash HashOf(JsonElement v) => v.GetProperty("hash").GetString() switch
    {
        "md5" => IkeHash.Md5,
        "sha1" => IkeHash.Sha1,
        "sha256" => IkeHash.Sha256,
        var other => throw new InvalidDataException(other),
    };

    public static IkeCipherSuite CipherOf(JsonElement v) => v.GetProperty("cipher").GetString() switch
    {
        "des" => IkeCipherSuite.Des,
        "3des" => IkeCipherSuite.TripleDes,
        "aes128" => IkeCipherSuite.Aes128,
        "aes192" => IkeCipherSuite.Aes192,
        "aes256" => IkeCipherSuite.Aes256,
        var other => throw new InvalidDataException(other),
    };
}

/// <summary>A deterministic random source for tests: SHA-256 of a seed and a counter.</summary>
internal sealed class SeededRandom(string seed) : IRandom
{
    private long counter;

    public void Fill(Span<byte> destination)
    {
        Span<byte> block = stackalloc byte[32];
        for (var offset = 0; offset < destination.Length; offset += 32)
        {
            SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{seed}/{counter++}"), block);
            block[..Math.Min(32, destination.Length - offset)].CopyTo(destination[offset..]);
        }
    }
}

/// <summary>Hands out the given bytes, in order.</summary>
internal sealed class ScriptedRandom(params byte[][] chunks) : IRandom
{
    private int next;

    public void Fill(Span<byte> destination) => chunks[next++].AsSpan(0, destination.Length).CopyTo(destination);
}
