using System.Net;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;
using AsaEmu.TestKit.Ike;

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
        (EspKeySizes.EspAesGcm16, 128, null), (EspKeySizes.EspAesGcm16, 192, null), (EspKeySizes.EspAesGcm16, 256, null),
        (EspKeySizes.EspNullAuthAesGmac, 128, null), (EspKeySizes.EspNullAuthAesGmac, 256, null),
    ];

    public static TheoryData<byte, int?, ushort?> Transforms()
    {
        var data = new TheoryData<byte, int?, ushort?>();
        foreach (var (id, bits, auth) in AllTransforms) data.Add(id, bits, auth);
        return data;
    }

    public static EspTransform Transform(byte id, int? bits, ushort? auth) => new(id, bits, auth, "ESP-TEST");

    /// <summary>Our view of an SA pair: inbound SPI 0x1000+n, outbound 0x2000+n (the test kit's <see cref="SaBuilder"/>).</summary>
    public static ChildSa Child(int n = 1, string remote = "198.19.0.10", EspTransform? transform = null, bool udp = true, string peer = "198.18.0.2") =>
        new SaBuilder { N = n, Remote = remote, Transform = transform ?? Transform(EspKeySizes.EspAes, 128, EspKeySizes.HmacSha1), NatT = udp, Peer = peer }.Build();

    /// <summary>The peer's view of the same pair: our outbound keys are its inbound ones.</summary>
    public static ChildSa PeerView(ChildSa ours) => SaBuilder.PeerView(ours);
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
