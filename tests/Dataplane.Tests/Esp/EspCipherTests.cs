using System.Security.Cryptography;
using System.Text;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Esp;

namespace AsaEmu.Dataplane.Tests.Esp;

public class EspCipherTests
{
    // RFC 3602 §4, cases 1 and 2 (AES-128-CBC).
    [Theory]
    [InlineData("06a9214036b8a15b512e03d534120006", "3dafba429d9eb430b422da802c9fac41", "53696e676c6520626c6f636b206d7367", "e353779c1079aeb82708942dbe77181a")]
    [InlineData("c286696d887c9aa0611bbb3e2025a45a", "562e17996d093d28ddb3ba695a2e6f58",
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266bea6d61ab1")]
    public void Aes_cbc_matches_rfc3602(string key, string iv, string plaintext, string ciphertext)
    {
        using var cipher = EspCipher.Create(EspKeySizes.EspAes, Hex.Bytes(key));
        var buffer = Hex.Bytes(plaintext);
        cipher.Encrypt(Hex.Bytes(iv), buffer, 0, buffer.Length);
        Assert.Equal(ciphertext, Hex.Of(buffer));
        cipher.Decrypt(Hex.Bytes(iv), buffer, 0, buffer.Length);
        Assert.Equal(plaintext, Hex.Of(buffer));
        Assert.Equal("Single block msg", Encoding.ASCII.GetString(Hex.Bytes("53696e676c6520626c6f636b206d7367")));
    }

    [Theory]
    [InlineData(EspKeySizes.EspAes, 16)]
    [InlineData(EspKeySizes.EspAes, 24)]
    [InlineData(EspKeySizes.EspAes, 32)]
    [InlineData(EspKeySizes.Esp3Des, 24)]
    [InlineData(EspKeySizes.EspDes, 8)]
    public void Each_packet_is_cbc_with_its_own_iv_however_many_came_before(byte transformId, int keyLength)
    {
        var key = RandomNumberGenerator.GetBytes(keyLength);
        using var cipher = EspCipher.Create(transformId, key);
        using SymmetricAlgorithm reference = transformId switch
        {
            EspKeySizes.EspAes => Aes.Create(),
            EspKeySizes.Esp3Des => TripleDES.Create(),
            _ => DES.Create(),
        };
        reference.Key = key;
        var random = new Random(7);
        for (var packet = 0; packet < 50; packet++)
        {
            var blocks = random.Next(1, 90);
            var plaintext = new byte[blocks * cipher.BlockSize];
            random.NextBytes(plaintext);
            var iv = new byte[cipher.IvSize];
            random.NextBytes(iv);
            var buffer = new byte[plaintext.Length + 5];
            plaintext.CopyTo(buffer, 5);

            cipher.Encrypt(iv, buffer, 5, plaintext.Length);
            Assert.Equal(reference.EncryptCbc(plaintext, iv, PaddingMode.None), buffer[5..]);
            cipher.Decrypt(iv, buffer, 5, plaintext.Length);
            Assert.Equal(plaintext, buffer[5..]);
        }
    }

    [Fact]
    public void Null_has_no_iv_and_leaves_data_alone()
    {
        using var cipher = EspCipher.Create(EspKeySizes.EspNull, []);
        var buffer = new byte[] { 1, 2, 3 };
        cipher.Encrypt([], buffer, 0, 3);
        Assert.Equal([1, 2, 3], buffer);
        Assert.Equal(0, cipher.IvSize);
    }
}
