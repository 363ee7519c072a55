using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Esp;
using BenchmarkDotNet.Attributes;

namespace AsaEmu.Benchmarks;

/// <summary>
/// One ESP packet through <see cref="EspCodec"/> per operation, for each transform AsaEmu offers and
/// an inner packet of 64 or 1400 bytes: encapsulate (IV from the same <see cref="BufferedRandom"/> the
/// dataplane uses, pad, encrypt, HMAC) and decapsulate (verify, decrypt, check the padding). The
/// packet path must not allocate: the Allocated column should read "-".
/// </summary>
[MemoryDiagnoser]
public class EspCodecBenchmark
{
    private EspSa _sender = null!, _receiver = null!;
    private readonly IRandom _random = new BufferedRandom(SystemRandom.Instance);
    private byte[] _payload = [], _output = [], _sealed = [], _work = [];
    private int _sealedLength;

    /// <summary>The transform as the ASA names it, short enough for the table: esp-aes-256/sha is esp-aes-256 esp-sha-hmac.</summary>
    [ParamsSource(nameof(Transforms))]
    public string Transform { get; set; } = "";

    [Params(64, 1400)]
    public int Size { get; set; }

    /// <summary>The CBC and NULL ciphers with each HMAC, then the combined modes (IKEv2's AES-GCM and AES-GMAC), which take none.</summary>
    public static IEnumerable<string> Transforms() =>
        (from cipher in new[] { "esp-aes", "esp-aes-192", "esp-aes-256", "esp-3des", "esp-des", "esp-null" }
         from integrity in new[] { "sha", "md5" }
         select $"{cipher}/{integrity}")
        .Concat(["esp-aes-gcm/none", "esp-aes-gcm-256/none", "esp-aes-gmac/none"]);

    public static EspTransform Parse(string name)
    {
        var parts = name.Split('/');
        var (id, bits) = parts[0] switch
        {
            "esp-aes" => (EspKeySizes.EspAes, (int?)128),
            "esp-aes-192" => (EspKeySizes.EspAes, 192),
            "esp-aes-256" => (EspKeySizes.EspAes, 256),
            "esp-3des" => (EspKeySizes.Esp3Des, null),
            "esp-des" => (EspKeySizes.EspDes, null),
            "esp-null" => (EspKeySizes.EspNull, null),
            "esp-aes-gcm" => (EspKeySizes.EspAesGcm16, 128),
            "esp-aes-gcm-256" => (EspKeySizes.EspAesGcm16, 256),
            "esp-aes-gmac" => (EspKeySizes.EspNullAuthAesGmac, 128),
            _ => throw new ArgumentException(name),
        };
        ushort? auth = parts[1] switch
        {
            "sha" => EspKeySizes.HmacSha1,
            "md5" => EspKeySizes.HmacMd5,
            "none" => null,
            _ => throw new ArgumentException(name),
        };
        return new EspTransform(id, bits, auth, "BENCH");
    }

    [GlobalSetup]
    public void Setup()
    {
        var transform = Parse(Transform);
        EspKeySizes.TryGet(transform.TransformId, transform.KeyBits, transform.Authentication, out var encLength, out var intLength);
        var keys = new SaKeys(0x12345678, System.Security.Cryptography.RandomNumberGenerator.GetBytes(encLength),
            System.Security.Cryptography.RandomNumberGenerator.GetBytes(intLength));
        _sender = EspSa.Create(transform, keys);
        _receiver = EspSa.Create(transform, keys);
        _payload = new byte[Size];
        new Random(1).NextBytes(_payload);
        _output = new byte[Size + 256];
        _sealed = new byte[Size + 256];
        _work = new byte[Size + 256];
        _sealedLength = EspCodec.Encapsulate(_sender, 1, _payload, EspCodec.NextHeaderIpv4, _random, _sealed, 0);
        if (Decapsulate() != EspResult.Ok) throw new InvalidOperationException($"{Transform}: the packet does not decapsulate");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        _receiver.Dispose();
    }

    [Benchmark]
    public int Encapsulate() => EspCodec.Encapsulate(_sender, 1, _payload, EspCodec.NextHeaderIpv4, _random, _output, 0);

    /// <summary>Decapsulates a fresh copy of one sealed packet (in place decryption destroys it): includes one copy of the packet.</summary>
    [Benchmark]
    public EspResult Decapsulate()
    {
        _sealed.AsSpan(0, _sealedLength).CopyTo(_work);
        return EspCodec.Decapsulate(_receiver, null, _work, 0, _sealedLength, out _);
    }
}
