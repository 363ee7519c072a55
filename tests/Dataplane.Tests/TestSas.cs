using System.Net;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Dataplane.Tests;

/// <summary>Child SAs as the IKE engine would hand them over, with deterministic keys.</summary>
internal static class TestSas
{
    public static readonly (byte Id, int? Bits, ushort? Auth)[] AllTransforms =
    [
        (EspKeySizes.EspAes, null, EspKeySizes.HmacSha1), (EspKeySizes.EspAes, 192, EspKeySizes.HmacSha1), (EspKeySizes.EspAes, 256, EspKeySizes.HmacSha1),
        (EspKeySizes.EspAes, 128, EspKeySizes.HmacMd5), (EspKeySizes.EspAes, 256, null),
        (EspKeySizes.Esp3Des, null, EspKeySizes.HmacSha1), (EspKeySizes.Esp3Des, null, EspKeySizes.HmacMd5), (EspKeySizes.Esp3Des, null, null),
        (EspKeySizes.EspDes, null, EspKeySizes.HmacSha1), (EspKeySizes.EspDes, null, EspKeySizes.HmacMd5), (EspKeySizes.EspDes, null, null),
        (EspKeySizes.EspNull, null, EspKeySizes.HmacSha1), (EspKeySizes.EspNull, null, EspKeySizes.HmacMd5),
    ];

    public static TheoryData<byte, int?, ushort?> Transforms()
    {
        var data = new TheoryData<byte, int?, ushort?>();
        foreach (var (id, bits, auth) in AllTransforms) data.Add(id, bits, auth);
        return data;
    }

    public static EspTransform Transform(byte id, int? bits, ushort? auth) => new(id, bits, auth, "ESP-TEST");

    /// <summary>Our view of an SA pair: inbound SPI 0x1000+n, outbound 0x2000+n, keys derived from the SPI.</summary>
    public static ChildSa Child(int n = 1, string remote = "198.19.0.10", EspTransform? transform = null, bool udp = true, string peer = "198.18.0.2")
    {
        transform ??= Transform(EspKeySizes.EspAes, 128, EspKeySizes.HmacSha1);
        EspKeySizes.TryGet(transform.TransformId, transform.KeyBits, transform.Authentication, out var encLength, out var intLength);
        var inbound = new SaKeys((uint)(0x1000 + n), Key(encLength, 1 + n), Key(intLength, 101 + n));
        var outbound = new SaKeys((uint)(0x2000 + n), Key(encLength, 51 + n), Key(intLength, 151 + n));
        return new ChildSa(0x1122334455667788UL, new ChildSaKeys(inbound, outbound), transform,
            new IPEndPoint(IPAddress.Parse("198.18.0.1"), udp ? 4500 : 0), new IPEndPoint(IPAddress.Parse(peer), udp ? 4500 : 0), udp,
            Ipv4.Parse(remote), Ipv4.HostMask, Ipv4.Any, Ipv4.Any, 28800, 4608000, "SYSTEM_DEFAULT_CRYPTO_MAP", 65535, true,
            "EZ", "cisco", DateTimeOffset.UnixEpoch);
    }

    /// <summary>The peer's view of the same pair: our outbound keys are its inbound ones.</summary>
    public static ChildSa PeerView(ChildSa ours) => ours with { Keys = new ChildSaKeys(ours.Keys.Outbound, ours.Keys.Inbound) };

    private static byte[] Key(int length, int seed) => [.. Enumerable.Range(0, length).Select(i => (byte)(seed * 7 + i * 13))];
}

/// <summary>A random source that hands out given bytes, then a counter pattern.</summary>
internal sealed class FixedRandom(params byte[][] blocks) : IRandom
{
    private readonly Queue<byte[]> _blocks = new(blocks);
    private byte _next = 1;

    public void Fill(Span<byte> destination)
    {
        if (_blocks.TryDequeue(out var block)) { block.AsSpan(0, destination.Length).CopyTo(destination); return; }
        for (var i = 0; i < destination.Length; i++) destination[i] = _next++;
    }
}

internal static class Hex
{
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
