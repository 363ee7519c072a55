using System.Text.Json;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Tests.Keying;

/// <summary>RFC 2409 §5, §5.5 and Appendix B against vectors/keying-vectors.json (MD5, SHA1, SHA-256; groups 2 and 14; DES to AES-256).</summary>
public class KeyMaterialTests
{
    public static IEnumerable<object[]> Names => Vectors.Phase1Names;

    [Theory]
    [MemberData(nameof(Names))]
    public void Skeyids_and_cipher_key_match(string name)
    {
        var v = Vectors.Phase1Named(name);
        using var keys = Derive(v);

        Assert.Equal(v.Hex("skeyid"), Vectors.Hex(keys.Skeyid));
        Assert.Equal(v.Hex("skeyidD"), Vectors.Hex(keys.SkeyidD));
        Assert.Equal(v.Hex("skeyidA"), Vectors.Hex(keys.SkeyidA));
        Assert.Equal(v.Hex("skeyidE"), Vectors.Hex(keys.SkeyidE));
        Assert.Equal(v.Hex("encKey"), Vectors.Hex(keys.EncryptionKey));
        Assert.Equal(v.Int("keySize"), keys.Cipher.KeySize);
        Assert.Equal(v.Int("blockSize"), keys.Cipher.BlockSize);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Phase1_hashes_match(string name)
    {
        var v = Vectors.Phase1Named(name);
        using var keys = Derive(v);
        var hash = new byte[keys.HashLength];

        keys.ComputeHashI(v.Bytes("gxi"), v.Bytes("gxr"), v.Bytes("saiB"), v.Bytes("idiiB"), hash);
        Assert.Equal(v.Hex("hashI"), Vectors.Hex(hash));
        keys.ComputeHashR(v.Bytes("gxi"), v.Bytes("gxr"), v.Bytes("saiB"), v.Bytes("idirB"), hash);
        Assert.Equal(v.Hex("hashR"), Vectors.Hex(hash));

        // twice: the reused PRF starts clean each time
        keys.ComputeHashI(v.Bytes("gxi"), v.Bytes("gxr"), v.Bytes("saiB"), v.Bytes("idiiB"), hash);
        Assert.Equal(v.Hex("hashI"), Vectors.Hex(hash));
        Assert.True(KeyMaterial.HashesEqual(v.Bytes("hashI"), hash));
        Assert.False(KeyMaterial.HashesEqual(v.Bytes("hashR"), hash));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Quick_mode_informational_and_transaction_hashes_match(string name)
    {
        var v = Vectors.Phase1Named(name);
        using var keys = Derive(v);
        var hash = new byte[keys.HashLength];
        var mid = v.UInt("qmMid");

        keys.ComputeQuickModeHash1(mid, v.Bytes("qm1Rest"), hash);
        Assert.Equal(v.Hex("hash1"), Vectors.Hex(hash));
        keys.ComputeQuickModeHash2(mid, v.Bytes("qmNi"), v.Bytes("qm2Rest"), hash);
        Assert.Equal(v.Hex("hash2"), Vectors.Hex(hash));
        keys.ComputeQuickModeHash3(mid, v.Bytes("qmNi"), v.Bytes("qmNr"), hash);
        Assert.Equal(v.Hex("hash3"), Vectors.Hex(hash));
        keys.ComputeMessageHash(v.UInt("infoMid"), v.Bytes("infoRest"), hash);
        Assert.Equal(v.Hex("infoHash"), Vectors.Hex(hash));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Keymat_matches_with_and_without_pfs(string name)
    {
        var v = Vectors.Phase1Named(name);
        using var keys = Derive(v);
        var ni = v.Bytes("qmNi");
        var nr = v.Bytes("qmNr");
        int encLen = v.Int("encLen"), authLen = v.Int("authLen");
        var keymat = new byte[encLen + authLen];

        keys.ComputeKeymat(3, v.UInt("spiIn"), ni, nr, [], keymat);
        Assert.Equal(v.Hex("keymatIn"), Vectors.Hex(keymat));
        keys.ComputeKeymat(3, v.UInt("spiOut"), ni, nr, [], keymat);
        Assert.Equal(v.Hex("keymatOut"), Vectors.Hex(keymat));
        keys.ComputeKeymat(3, v.UInt("spiIn"), ni, nr, v.Bytes("pfsGxy"), keymat);
        Assert.Equal(v.Hex("keymatInPfs"), Vectors.Hex(keymat));

        var longKeymat = new byte[96];
        keys.ComputeKeymat(3, v.UInt("spiIn"), ni, nr, [], longKeymat);
        Assert.Equal(v.Hex("keymatLong"), Vectors.Hex(longKeymat));

        var pair = keys.DeriveChildSaKeys(3, v.UInt("spiIn"), v.UInt("spiOut"), ni, nr, v.Bytes("pfsGxy"), encLen, authLen);
        var inPfs = v.Hex("keymatInPfs");
        var outPfs = v.Hex("keymatOutPfs");
        Assert.Equal(v.UInt("spiIn"), pair.Inbound.Spi);
        Assert.Equal(v.UInt("spiOut"), pair.Outbound.Spi);
        Assert.Equal(inPfs[..(2 * encLen)], Vectors.Hex(pair.Inbound.EncryptionKey));
        Assert.Equal(inPfs[(2 * encLen)..], Vectors.Hex(pair.Inbound.IntegrityKey));
        Assert.Equal(outPfs[..(2 * encLen)], Vectors.Hex(pair.Outbound.EncryptionKey));
        Assert.Equal(outPfs[(2 * encLen)..], Vectors.Hex(pair.Outbound.IntegrityKey));
    }

    [Fact]
    public void Short_skeyid_e_is_expanded_and_long_one_truncated()
    {
        // MD5 (16 bytes) and SHA1 (20 bytes) SKEYID_e are too short for 3DES and AES-256: Appendix B expansion.
        var expanded = Vectors.Phase1Named("sha1-g2-aes256");
        Assert.NotEqual(expanded.Hex("skeyidE"), expanded.Hex("encKey")[..40]);
        var truncated = Vectors.Phase1Named("sha1-g2-aes128");
        Assert.Equal(truncated.Hex("skeyidE")[..32], truncated.Hex("encKey"));

        var direct = KeyMaterial.ExpandEncryptionKey(IkeHash.Sha1, expanded.Bytes("skeyidE"), 32);
        Assert.Equal(expanded.Hex("encKey"), Vectors.Hex(direct));
    }

    [Fact]
    public void Skeyid_for_pre_shared_keys_is_prf_of_the_key_over_the_nonces()
    {
        var v = Vectors.Phase1Named("md5-g14-3des");
        Assert.Equal(v.Hex("skeyid"), Vectors.Hex(KeyMaterial.PreSharedKeySkeyid(IkeHash.Md5, v.Bytes("psk"), v.Bytes("ni"), v.Bytes("nr"))));
    }

    [Fact]
    public void Per_message_hashes_and_keymat_do_not_allocate()
    {
        var v = Vectors.Phase1Named("sha1-g2-aes256");
        using var keys = Derive(v);
        var rest = v.Bytes("qm1Rest");
        var ni = v.Bytes("qmNi");
        var nr = v.Bytes("qmNr");
        var hash = new byte[keys.HashLength];
        var keymat = new byte[52];
        void Run()
        {
            keys.ComputeMessageHash(1, rest, hash);
            keys.ComputeQuickModeHash2(1, ni, rest, hash);
            keys.ComputeQuickModeHash3(1, ni, nr, hash);
            keys.ComputeKeymat(3, 0x1234, ni, nr, [], keymat);
        }

        for (var i = 0; i < 50; i++)
        {
            Run();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Run();
        }

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1000, "allocations in the per-message hashes");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Skeyid_for_signatures_is_prf_of_the_nonces_over_the_shared_secret(string name)
    {
        var v = Vectors.Phase1Named(name);
        Assert.Equal(v.Hex("skeyidSig"), Vectors.Hex(KeyMaterial.SignatureSkeyid(Vectors.HashOf(v), v.Bytes("ni"), v.Bytes("nr"), v.Bytes("gxy"))));
    }

    internal static KeyMaterial Derive(JsonElement v)
    {
        Assert.True(KeyMaterial.TryDerivePreSharedKey(Vectors.HashOf(v), Vectors.CipherOf(v), v.Bytes("psk"), v.Bytes("ni"), v.Bytes("nr"),
            v.Bytes("gxy"), v.Bytes("ckyI"), v.Bytes("ckyR"), out var keys));
        return keys;
    }
}
