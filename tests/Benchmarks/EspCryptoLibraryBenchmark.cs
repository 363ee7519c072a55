using System.Security.Cryptography;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Esp;
using BenchmarkDotNet.Attributes;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace AsaEmu.Benchmarks;

/// <summary>
/// The choice of crypto library for the ESP packet path, measured on one 1400-byte packet (a whole
/// number of blocks): .NET (OpenSSL underneath on Linux) against BouncyCastle (managed; AES with
/// AES-NI intrinsics through <c>AesUtilities.CreateEngine()</c>). Both are keyed once; each
/// operation is one packet with its own IV, as ESP needs. The setup checks that both libraries
/// produce the same bytes.
/// </summary>
[MemoryDiagnoser]
public class EspCryptoLibraryBenchmark
{
    private const int Size = 1400 / 16 * 16 + 16; // 1408: 1400 bytes rounded up to AES blocks

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(16);
    private readonly byte[] _iv = RandomNumberGenerator.GetBytes(16);
    private readonly byte[] _hmacKey = RandomNumberGenerator.GetBytes(20);
    private readonly byte[] _data = RandomNumberGenerator.GetBytes(Size);
    private readonly byte[] _buffer = new byte[Size];
    private byte[] _ciphertext = [];
    private readonly byte[] _mac = new byte[20];

    private EspCipher _dotnetCbc = null!;
    private Aes _dotnetAes = null!;
    private IncrementalHash _dotnetSha1 = null!, _dotnetMd5 = null!;
    private CbcBlockCipher _bcCbcEncrypt = null!, _bcCbcDecrypt = null!;
    private HMac _bcSha1 = null!, _bcMd5 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _dotnetCbc = EspCipher.Create(EspKeySizes.EspAes, _key);
        _dotnetAes = Aes.Create();
        _dotnetAes.Key = _key;
        _dotnetSha1 = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, _hmacKey);
        _dotnetMd5 = IncrementalHash.CreateHMAC(HashAlgorithmName.MD5, _hmacKey);
        _bcCbcEncrypt = new CbcBlockCipher(AesUtilities.CreateEngine());
        _bcCbcEncrypt.Init(true, new ParametersWithIV(new KeyParameter(_key), _iv));
        _bcCbcDecrypt = new CbcBlockCipher(AesUtilities.CreateEngine());
        _bcCbcDecrypt.Init(false, new ParametersWithIV(new KeyParameter(_key), _iv));
        _bcSha1 = new HMac(new Sha1Digest());
        _bcSha1.Init(new KeyParameter(_hmacKey));
        _bcMd5 = new HMac(new MD5Digest());
        _bcMd5.Init(new KeyParameter(_hmacKey));

        // Same bytes from both libraries, or the comparison is meaningless.
        _ciphertext = _dotnetAes.EncryptCbc(_data, _iv, PaddingMode.None);
        DotNetAesCbcEncrypt();
        Check(_ciphertext, _buffer, "AES-CBC (.NET, keyed once)");
        BouncyCastleAesCbcEncrypt();
        Check(_ciphertext, _buffer, "AES-CBC (BouncyCastle)");
        DotNetAesCbcDecrypt();
        Check(_data, _buffer, "AES-CBC decrypt (.NET, keyed once)");
        BouncyCastleAesCbcDecrypt();
        Check(_data, _buffer, "AES-CBC decrypt (BouncyCastle)");
        DotNetHmacSha1();
        var dotnetMac = _mac.ToArray();
        BouncyCastleHmacSha1();
        Check(dotnetMac, _mac, "HMAC-SHA1");
        Check(HMACSHA1.HashData(_hmacKey, _data), _mac, "HMAC-SHA1 (one-shot)");
        DotNetHmacMd5();
        dotnetMac = _mac.ToArray();
        BouncyCastleHmacMd5();
        Check(dotnetMac.AsSpan(0, 16).ToArray(), _mac.AsSpan(0, 16).ToArray(), "HMAC-MD5");
    }

    private static void Check(byte[] expected, byte[] actual, string what)
    {
        if (!expected.AsSpan().SequenceEqual(actual)) throw new InvalidOperationException($"{what}: the libraries disagree");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _dotnetCbc.Dispose();
        _dotnetAes.Dispose();
        _dotnetSha1.Dispose();
        _dotnetMd5.Dispose();
    }

    /// <summary>What the dataplane does: one ICryptoTransform per direction, keyed once (<see cref="CbcCipher"/>).</summary>
    [Benchmark(Baseline = true)]
    public byte DotNetAesCbcEncrypt()
    {
        _data.CopyTo(_buffer, 0);
        _dotnetCbc.Encrypt(_iv, _buffer, 0, Size);
        return _buffer[0];
    }

    [Benchmark]
    public byte DotNetAesCbcDecrypt()
    {
        _ciphertext.CopyTo(_buffer, 0);
        _dotnetCbc.Decrypt(_iv, _buffer, 0, Size);
        return _buffer[0];
    }

    /// <summary>.NET's one-shot API: simpler, but sets up the key schedule for every packet.</summary>
    [Benchmark]
    public byte DotNetAesCbcOneShotEncrypt()
    {
        _dotnetAes.EncryptCbc(_data, _iv, _buffer, PaddingMode.None);
        return _buffer[0];
    }

    /// <summary>
    /// BouncyCastle CBC over its AES-NI engine, in place like the dataplane (copy included); a new IV
    /// without re-keying is ParametersWithIV(null, iv), one small allocation per packet.
    /// </summary>
    [Benchmark]
    public byte BouncyCastleAesCbcEncrypt()
    {
        _data.CopyTo(_buffer, 0);
        _bcCbcEncrypt.Init(true, new ParametersWithIV(null, _iv));
        for (var i = 0; i < Size; i += 16) _bcCbcEncrypt.ProcessBlock(_buffer.AsSpan(i, 16), _buffer.AsSpan(i, 16));
        return _buffer[0];
    }

    [Benchmark]
    public byte BouncyCastleAesCbcDecrypt()
    {
        _ciphertext.CopyTo(_buffer, 0);
        _bcCbcDecrypt.Init(false, new ParametersWithIV(null, _iv));
        for (var i = 0; i < Size; i += 16) _bcCbcDecrypt.ProcessBlock(_buffer.AsSpan(i, 16), _buffer.AsSpan(i, 16));
        return _buffer[0];
    }

    [Benchmark]
    public byte DotNetHmacSha1()
    {
        _dotnetSha1.AppendData(_data);
        _dotnetSha1.GetHashAndReset(_mac);
        return _mac[0];
    }

    [Benchmark]
    public byte BouncyCastleHmacSha1()
    {
        _bcSha1.BlockUpdate(_data);
        _bcSha1.DoFinal(_mac);
        return _mac[0];
    }

    [Benchmark]
    public byte DotNetHmacMd5()
    {
        _dotnetMd5.AppendData(_data);
        _dotnetMd5.GetHashAndReset(_mac.AsSpan(0, 16));
        return _mac[0];
    }

    [Benchmark]
    public byte BouncyCastleHmacMd5()
    {
        _bcMd5.BlockUpdate(_data);
        _bcMd5.DoFinal(_mac.AsSpan(0, 16));
        return _mac[0];
    }
}
