using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Tests.Keying;

public class IkeCipherTests
{
    /// <summary>NIST SP 800-38A F.2.1/F.2.2, CBC-AES128, first two blocks.</summary>
    [Fact]
    public void Aes128_cbc_matches_sp800_38a()
    {
        using var cipher = IkeCipherSuite.Aes128.TryCreate(Convert.FromHexString("2B7E151628AED2A6ABF7158809CF4F3C"))!;
        var iv = Convert.FromHexString("000102030405060708090A0B0C0D0E0F");
        var buffer = Convert.FromHexString("6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E51");

        cipher.Encrypt(iv, buffer, buffer);
        Assert.Equal("7649ABAC8119B246CEE98E9B12E9197D5086CB9B507219EE95DB113A917678B2", Convert.ToHexString(buffer));
        cipher.Decrypt(iv, buffer, buffer);
        Assert.Equal("6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E51", Convert.ToHexString(buffer));
    }

    /// <summary>FIPS 81 Appendix C, the CBC example: "Now is the time for all ".</summary>
    [Fact]
    public void Des_cbc_matches_fips81()
    {
        using var cipher = IkeCipherSuite.Des.TryCreate(Convert.FromHexString("0123456789ABCDEF"))!;
        var iv = Convert.FromHexString("1234567890ABCDEF");
        var buffer = "Now is the time for all "u8.ToArray();

        cipher.Encrypt(iv, buffer, buffer);
        Assert.Equal("E5C7CDDE872BF27C43E934008C389C0F683788499A7C05F6", Convert.ToHexString(buffer));
        cipher.Decrypt(iv, buffer, buffer);
        Assert.Equal("Now is the time for all "u8.ToArray(), buffer);
    }

    [Theory]
    [InlineData(1, null, 8, 8)]
    [InlineData(1, 64, 8, 8)]
    [InlineData(5, null, 24, 8)]
    [InlineData(7, 128, 16, 16)]
    [InlineData(7, 192, 24, 16)]
    [InlineData(7, 256, 32, 16)]
    [InlineData(7, null, 16, 16)]
    public void Suites_from_attributes(int algorithm, int? keyLength, int keySize, int blockSize)
    {
        var suite = IkeCipherSuite.FromAttributes((ushort)algorithm, keyLength)!;
        Assert.Equal(keySize, suite.KeySize);
        Assert.Equal(blockSize, suite.BlockSize);
        using var cipher = suite.TryCreate(Enumerable.Range(1, keySize).Select(i => (byte)(i * 37)).ToArray())!;
        Assert.Equal(keySize, cipher.KeySize);
        Assert.Equal(blockSize, cipher.BlockSize);
    }

    [Theory]
    [InlineData(7, 64)]
    [InlineData(7, 512)]
    [InlineData(5, 128)]
    [InlineData(1, 128)]
    [InlineData(2, null)]
    [InlineData(3, null)]
    public void Unsupported_suites_are_null(int algorithm, int? keyLength) =>
        Assert.Null(IkeCipherSuite.FromAttributes((ushort)algorithm, keyLength));

    [Fact]
    public void Weak_keys_are_refused_without_throwing()
    {
        Assert.Null(IkeCipherSuite.Des.TryCreate(Convert.FromHexString("0101010101010101")));
        var repeated = Convert.FromHexString("0123456789ABCDEF0123456789ABCDEFFEDCBA9876543210");
        Assert.Null(IkeCipherSuite.TripleDes.TryCreate(repeated));
        Assert.Throws<ArgumentException>(() => IkeCipherSuite.Aes256.TryCreate(new byte[16]));
    }

    [Fact]
    public void Triple_des_round_trips_in_place()
    {
        using var cipher = IkeCipherSuite.TripleDes.TryCreate(Convert.FromHexString("0123456789ABCDEF23456789ABCDEF01456789ABCDEF0123"))!;
        var iv = Convert.FromHexString("1234567890ABCDEF");
        var plain = "The quick brown fox jump"u8.ToArray();
        var buffer = (byte[])plain.Clone();
        cipher.Encrypt(iv, buffer, buffer);
        Assert.NotEqual(plain, buffer);
        cipher.Decrypt(iv, buffer, buffer);
        Assert.Equal(plain, buffer);
    }

    [Fact]
    public void Hashes_from_attributes()
    {
        Assert.Same(IkeHash.Md5, IkeHash.FromAttribute(1));
        Assert.Same(IkeHash.Sha1, IkeHash.FromAttribute(2));
        Assert.Null(IkeHash.FromAttribute(3));
        Assert.Equal(32, IkeHash.FromAttribute(4)!.Length);
        Assert.Equal(48, IkeHash.FromAttribute(5)!.Length);
        Assert.Equal(64, IkeHash.FromAttribute(6)!.Length);
    }

    /// <summary>RFC 2202 test case 2 (HMAC-MD5 and HMAC-SHA1, key "Jefe"), through the reusable PRF.</summary>
    [Fact]
    public void Prf_matches_rfc2202_and_resets_after_each_value()
    {
        var data = "what do ya want for nothing?"u8;
        using var md5 = IkeHash.Md5.CreatePrf("Jefe"u8);
        using var sha1 = IkeHash.Sha1.CreatePrf("Jefe"u8);
        var out16 = new byte[16];
        var out20 = new byte[20];
        for (var round = 0; round < 2; round++)
        {
            md5.Append(data[..10]);
            md5.Append(data[10..]);
            md5.Finish(out16);
            Assert.Equal("750C783E6AB0B503EAA86E310A5DB738", Convert.ToHexString(out16));
            sha1.Append(data);
            sha1.Finish(out20);
            Assert.Equal("EFFCDF6AE5EB2FA2D27416D5F184DF9C259A7C79", Convert.ToHexString(out20));
        }

        IkeHash.Sha1.Prf("Jefe"u8, data, out20);
        Assert.Equal("EFFCDF6AE5EB2FA2D27416D5F184DF9C259A7C79", Convert.ToHexString(out20));
    }
}
