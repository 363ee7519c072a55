using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Tests.Keying;

/// <summary>
/// Both ends of an EzVPN session keyed in-process, as the exchanges will use the API: aggressive
/// mode, a transaction, Quick Mode with and without PFS. Each side only sees what the other sends.
/// </summary>
public class ExchangeKeyingTests
{
    [Theory]
    [InlineData(2, 2, 7, 256)]
    [InlineData(14, 2, 7, 128)]
    [InlineData(2, 1, 5, null)]
    [InlineData(19, 4, 7, 192)]
    [InlineData(5, 2, 1, null)]
    public void Initiator_and_responder_agree_on_everything(int groupId, int hashId, int encryptionId, int? keyLength)
    {
        var group = DhGroup.FromAttribute((ushort)groupId)!;
        var hash = IkeHash.FromAttribute((ushort)hashId)!;
        var suite = IkeCipherSuite.FromAttributes((ushort)encryptionId, keyLength)!;
        var psk = "s3cret-group-key"u8.ToArray();
        var random = new SeededRandom($"exchange-{groupId}-{hashId}-{encryptionId}");

        // AM1 / AM2: public values, nonces, cookies, SA and ID bodies cross the wire
        var dhI = group.CreateKeyPair(random);
        var dhR = group.CreateKeyPair(random);
        byte[] ni = Draw(random, 20), nr = Draw(random, 32), ckyI = Draw(random, 8), ckyR = Draw(random, 8);
        byte[] saI = Draw(random, 44), idI = [11, 17, 1, 244, (byte)'E', (byte)'Z'], idR = [1, 0, 0, 0, 198, 18, 0, 1];
        var gxi = dhI.PublicValue.ToArray();
        var gxr = dhR.PublicValue.ToArray();

        var secretI = new byte[group.SharedSecretLength];
        var secretR = new byte[group.SharedSecretLength];
        Assert.Equal(DhStatus.Ok, dhI.TryComputeSharedSecret(gxr, secretI));
        Assert.Equal(DhStatus.Ok, dhR.TryComputeSharedSecret(gxi, secretR));
        Assert.True(KeyMaterial.TryDerivePreSharedKey(hash, suite, psk, ni, nr, secretI, ckyI, ckyR, out var keysI));
        Assert.True(KeyMaterial.TryDerivePreSharedKey(hash, suite, psk, ni, nr, secretR, ckyI, ckyR, out var keysR));
        using var _ = keysI;
        using var __ = keysR;
        Assert.Equal(suite.KeySize, keysI.EncryptionKey.Length);

        // AM2 carries HASH_R, AM3 HASH_I: each side checks what the other computed
        var hashR = new byte[hash.Length];
        var check = new byte[hash.Length];
        keysR.ComputeHashR(gxi, gxr, saI, idR, hashR);
        keysI.ComputeHashR(gxi, gxr, saI, idR, check);
        Assert.True(KeyMaterial.HashesEqual(hashR, check));
        var hashI = new byte[hash.Length];
        keysI.ComputeHashI(gxi, gxr, saI, idI, hashI);
        keysR.ComputeHashI(gxi, gxr, saI, idI, check);
        Assert.True(KeyMaterial.HashesEqual(hashI, check));
        Assert.False(KeyMaterial.HashesEqual(hashI, hashR));

        using var chainI = keysI.CreateIvChain(gxi, gxr);
        using var chainR = keysR.CreateIvChain(gxi, gxr);
        Send(chainI, chainR, 0, Draw(random, 93));              // AM3
        Send(chainR, chainI, 0x24FDEC96, Draw(random, 60));     // XAUTH request
        Send(chainI, chainR, 0x24FDEC96, Draw(random, 77));     // XAUTH reply
        Send(chainR, chainI, 0x3BE2A39A, Draw(random, 48));     // XAUTH status, another M-ID

        // Quick Mode: HASH(1), HASH(2), HASH(3) verified across, then the SA pair
        const uint mid = 0xABBA2C6C;
        byte[] qmNi = Draw(random, 20), qmNr = Draw(random, 32), qm1 = Draw(random, 120), qm2 = Draw(random, 112);
        var h1 = new byte[hash.Length];
        var h2 = new byte[hash.Length];
        keysI.ComputeQuickModeHash1(mid, qm1, h1);
        keysR.ComputeQuickModeHash1(mid, qm1, h2);
        Assert.Equal(h1, h2);
        keysR.ComputeQuickModeHash2(mid, qmNi, qm2, h1);
        keysI.ComputeQuickModeHash2(mid, qmNi, qm2, h2);
        Assert.Equal(h1, h2);
        keysI.ComputeQuickModeHash3(mid, qmNi, qmNr, h1);
        keysR.ComputeQuickModeHash3(mid, qmNi, qmNr, h2);
        Assert.Equal(h1, h2);
        Send(chainI, chainR, mid, qm1);
        Send(chainR, chainI, mid, qm2);
        Send(chainI, chainR, mid, Draw(random, hash.Length + 4));

        const uint spiI = 0xA1CE1E6C, spiR = 0x056743A8;
        foreach (var pfs in new[] { Array.Empty<byte>(), secretI })
        {
            var pairI = keysI.DeriveChildSaKeys(3, spiI, spiR, qmNi, qmNr, pfs, 32, 20);
            var pairR = keysR.DeriveChildSaKeys(3, spiR, spiI, qmNi, qmNr, pfs, 32, 20);
            Assert.Equal(pairI.Outbound, pairR.Inbound, SaKeysComparer.Instance);
            Assert.Equal(pairI.Inbound, pairR.Outbound, SaKeysComparer.Instance);
            Assert.NotEqual(pairI.Inbound.EncryptionKey, pairI.Outbound.EncryptionKey);
        }
    }

    private static void Send(IvChain sender, IvChain receiver, uint mid, byte[] body)
    {
        var wire = new byte[sender.EncryptedLength(body.Length)];
        sender.Encrypt(mid, body, wire);
        var plain = new byte[wire.Length];
        Assert.True(receiver.TryDecrypt(mid, wire, plain));
        Assert.Equal(body, plain[..body.Length]);
        receiver.Confirm(mid);
        Assert.Equal(Convert.ToHexString(sender.GetIv(mid)), Convert.ToHexString(receiver.GetIv(mid)));
    }

    private static byte[] Draw(IRandom random, int length)
    {
        var bytes = new byte[length];
        random.Fill(bytes);
        return bytes;
    }

    private sealed class SaKeysComparer : IEqualityComparer<SaKeys>
    {
        public static readonly SaKeysComparer Instance = new();

        public bool Equals(SaKeys? x, SaKeys? y) =>
            x!.Spi == y!.Spi && x.EncryptionKey.AsSpan().SequenceEqual(y.EncryptionKey) && x.IntegrityKey.AsSpan().SequenceEqual(y.IntegrityKey);

        public int GetHashCode(SaKeys obj) => (int)obj.Spi;
    }
}
