using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Tests.Keying;

public class EspKeySizesTests
{
    [Theory]
    [InlineData(12, 256, (ushort)2, 32, 20)] // esp-aes-256 esp-sha-hmac
    [InlineData(12, 192, (ushort)1, 24, 16)] // esp-aes-192 esp-md5-hmac
    [InlineData(12, 128, (ushort)5, 16, 32)] // esp-aes esp-sha256-hmac
    [InlineData(3, null, (ushort)2, 24, 20)] // esp-3des esp-sha-hmac
    [InlineData(2, null, (ushort)1, 8, 16)]  // esp-des esp-md5-hmac
    [InlineData(11, null, (ushort)7, 0, 64)] // esp-null esp-sha512-hmac
    [InlineData(12, 256, null, 32, 0)]       // no integrity
    [InlineData(20, 128, null, 20, 0)]       // AES-GCM-128: key and 4-octet salt (RFC 4106 §8.1)
    [InlineData(20, 192, null, 28, 0)]
    [InlineData(20, 256, null, 36, 0)]
    [InlineData(21, 128, null, 20, 0)]       // AES-GMAC (RFC 4543 §5)
    [InlineData(21, 256, null, 36, 0)]
    public void Known_transforms(int transform, int? keyLength, ushort? auth, int enc, int integrity)
    {
        Assert.True(EspKeySizes.TryGet((byte)transform, keyLength, auth, out var e, out var i));
        Assert.Equal((enc, integrity), (e, i));
    }

    [Theory]
    [InlineData(12, 512, (ushort)2)]
    [InlineData(3, 128, (ushort)2)]
    [InlineData(12, 128, (ushort)3)]
    [InlineData(11, null, null)]
    [InlineData(20, null, null)]             // GCM without its mandatory key length
    [InlineData(20, 128, (ushort)2)]         // a combined mode takes no integrity algorithm
    [InlineData(21, 512, null)]
    public void Unknown_or_pointless_combinations(int transform, int? keyLength, ushort? auth) =>
        Assert.False(EspKeySizes.TryGet((byte)transform, keyLength, auth, out _, out _));
}
