using AsaEmu.Crypto.Ikev2;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Tests.Ikev2;

/// <summary>
/// IKEv2 key derivation against known answers computed by <c>ikev2_kat.py</c> (beside this file: hmac and
/// hashlib only, RFC 7296's formulas written out), not by the code under test.
/// </summary>
public class Ikev2KeyDerivationTests
{
    // The script's inputs.
    private static readonly byte[] NonceI = Convert.FromHexString(string.Concat(Enumerable.Repeat("c0ffee00", 8)));
    private static readonly byte[] NonceR = [.. Enumerable.Range(0x40, 16).Select(i => (byte)i)];
    private static readonly byte[] SharedSecret = [0x00, .. Enumerable.Repeat((byte)0x5a, 127)];
    private static readonly byte[] PfsSharedSecret = [.. Enumerable.Repeat((byte)0xa5, 256)];
    private const ulong SpiI = 0x0123456789abcdef, SpiR = 0xfedcba9876543210;
    private static readonly byte[] RealMessage1 = Convert.FromHexString("0123456789abcdef0000000000000000212022080000000000000030");
    private static readonly byte[] RestOfInitIdPayload = Convert.FromHexString("01000000c0000201");

    public sealed record Known(ushort Prf, int EncryptionKey, int IntegrityKey, string Skeyseed, string SkD, string SkAi, string SkAr,
        string SkEi, string SkEr, string SkPi, string SkPr, string Keymat, string KeymatPfs, string RekeySkeyseed, string AuthI);

    public static TheoryData<Known> Answers => new()
    {
        // PRF_HMAC_SHA1, SK_e 16 octets, SK_a 20 octets
        new(2, 16, 20, "d9e48eaa8935506e628a9eddb8fadcd58a1701a4", "ac7e5d7759ca48675474699080ca44212b512699", "0f9c27b4e236f19e5895ade4e892df8f21a0d147", "47a54e2c29883b4239c6e2068df33731c2a5347e", "45eb7487c28cda804a79efc7cf7302f5", "b50483987ea4cc4f0049c505adfee378", "8214cc0a9210fec76784caf6496f60dbdaadfee0", "0399c05f8c8c3d7eed65ccc214bed1c3d742ddd0", "c61e3a4ccfda20ef2b979b2c96f78d6d24ef717b560f3f37da66584f735cda46a73cb68bb0011ce5b3a07ac0c3ccd5b38f56a1c270a88c9a69748dc5802c57234f77a44c6650adcc", "5dc4692680fc4698c80aab96019423cf5e76aa1053b6c6e09dff73bebd2d4f56bce3bdbb825a34edfe3469fde7dc68c0b3ab5574b246fd144a9567622d451a9a7b7a68644a98bf16", "46daab0ceb64581b607eea655b2349dd999321db", "042180474991cfbe82fc5bc27625858a3c525358"),
        // PRF_HMAC_SHA256, SK_e 32 octets, SK_a 32 octets
        new(5, 32, 32, "cb9b5a1661f4268926547a5125d95f0b0b25c0064c37821d1bfb3c9829d5ef3a", "462725a48a9c3d80cc2a66ddc21704854065e54184d1b133d8c10ad0bca41ad9", "bcde91d032164147ad5c2203054668e31e43e289675956e63c462b3fdd4e87ae", "ac42d0987be60dda344637dc23d3c7b4e335aee1236a0d493187946fa07aa20d", "86e5922dcf114f2c98488c5942a55423f3d86fe1adb4640d75e769015cc26ea0", "f7f6d950edd826f5ddff7fe562f0cac515a1e3ac792e5cede3092be9abef4c69", "defd96f8d7a6fa14ca445537a4740bd58f0f01e48bd99632e3a99a401faa82fd", "922d22b6eab3b3130f4f58cab0f4a86f0e276ff143e0d19384f279811fbe9be8", "cacc80143ec99aca2b1a94492ba2870e4a637e9671e2087823678d1dbe572c83b1c2378ec15f5234d782df44cbb6b00cb4ddf54eca960175c6a20641f994bd77771bde9ad11e3af5", "ad57514ea369de319c7a72430822cb016a987a8a83cec9c72889f9fdfc2164da64355982b29839d7b11a935fb2f4fb588fe8101709eaa93bfa9a18cc887f65612c3fcbe8c87e3183", "31172901a3549d8d403a899eb2c33077de7e212a8779679e513aa53a1877b5f1", "a2086a6a0209f671148418c2daf7d4e14ce4e669ed14905f3a81f0e4356e9d23"),
        // PRF_HMAC_SHA384, SK_e 36 octets, SK_a 0 octets
        new(6, 36, 0, "9a1b5d79132491008178a0041c6ed208554fff38907e4eaa2036e3070caa996896a91bf8be38c1ccc25d47185adc91d2", "d32e5a6a94c01915651753e39db50df91c2e889d2f16b26a206f1d4a9f472a58abee55b426b771e0c219ba7a70f15ce1", "", "", "a3a95fbfcaedf253a23e6b2995199ba0e99d8bda283537c1233169a1a445a04999f42109", "16fa6cd4ca556da74d8ad5775991c9d58e8e290d082612e777d19366a01ff7714ff0aa15", "8912c28720108e5704b9dc05569a8876fe2862803e7e0a3e0a130516f46e5691902bfa2498205872aa535a26f76f18b2", "c158de0ef4e1c9e39537a1c3e16fe12ef64f609015cb81a30d68a123df6666b0ff9d85a74b554bfb94a930e08e393ffa", "69fc492b97dbf3afaf9e0889f50c25d5b0f55cce56394b7b3649d8c8db74fc7762441f482df8abd15175fcba7f01fcdb3fc74a592aafaacc24be3cf5af9bf7b0c78c5e1964ee90d0", "cd3a62786ae91e441b4eb6c40dcfd6d8c4b32e81291eb66967d2f340fe9d0399877bee379d8287f92c0d9f4f3fb34d82aa41be49e875f54a3f30e77ea7712c4998eda0fd2802fb7d", "b8e13acc70cbb06241fc08dffbac8aba311fc3e1e977bc3c8f85e00f3222a95507a0ee12bcdb0f080883d1bbeb47c472", "c6c685f0813f7ddb535b645f880d693941deaeb3816360b4059524d8131847a082cb7b27e7ae28a4519b6f571ed6ce4f"),
        // PRF_HMAC_SHA512, SK_e 24 octets, SK_a 64 octets
        new(7, 24, 64, "543151cf6f008246af9cd7ec4ec7cfaf003981c8a778345a3bcc63c9dbbf6fc9bf2ea2a884f8425c7192fff9f74499c42e9308f294114805e7e775c4ae94e029", "8192a17c12922d08e32e75f152d8bffd2b7eb0796ec44a71b38f69535b840dfab6653c9185574e8220ad53456dfbaeaf194121550c7395e5651115c34e3ccd94", "8900a69587d1a6a3d5939cc0a090f901e9b81145656fad3bc24dfcdcbf705bc1761fb12005dc86035ce50e2657f431f6509ab3a1b6bbbe7316406a0796a67bda", "0d41e759c511a9255abcda19863482d6552e85854854f50f794e63ec6b1f5772cc98f68699a0d866fb7082c62e4838a81b2a52fe08be2a81b13b76c39cf00f59", "b7ba632d200ed0b12a1c000612fa60e74919cc64e6962aaf", "0f1058fb8d113dd97a6233a2a4901af9106e78132b6ef369", "ebb6e5e5b3f40e4aa887625485322e0504a0b10af0aa155d0bf0261459eaaff5bd0a493f2aedb1ec9bc4d5ac938422bec7bc249966ebefcaf8e1429f4002b7a9", "0e5f7b5806c6c4604d92999909cc56dc92ecda5d26f876c309f4442b801f198ade0c43fea3eea1d22d9a8d647ec8248c3c8ec547f0c4aad469e5783d6b861487", "8e08a95ece045eeeec6065178d3dd278d11630c019de7cfa9561a06dc0fabef7071c82d03aef66055d958201e41c1e22c6e7e84ef03d48fd27efe87482801999b495b35747b1927f", "d57d1599c78114bae5eb2d6b6cc745e645793bea79b8334ddb8fd521f7fd963e3342a4e0416a332aba1d74d505d0922cf6577060977444a3bb67e727268b8963c1abbfab9b987dfb", "c138426668adf27f47020afed3b1147528e6c64ad1460edb61dcd53736c5401ad8f6eea57e269d62711669192415b6a8b314e5924fecfb064e1d483682026da5", "880829da67cd18793950e5e644c8894fa71044c56c5772e8be77ab202c489dfbd0d5aaffe96eab413ac9b71c306b2ed04094151a94106ad80dc22f2ebd98f71f"),
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void Skeyseed_and_the_seven_secrets_are_the_known_answers(Known known)
    {
        var prf = TransformIds.Prf(known.Prf)!;
        var skeyseed = Ikev2KeyDerivation.Skeyseed(prf, NonceI, NonceR, SharedSecret);
        Assert.Equal(known.Skeyseed, Convert.ToHexStringLower(skeyseed));
        var keys = Ikev2KeyDerivation.DeriveIkeSa(prf, known.EncryptionKey, known.IntegrityKey, skeyseed, NonceI, NonceR, SpiI, SpiR);
        Assert.Equal(
            (known.SkD, known.SkAi, known.SkAr, known.SkEi, known.SkEr, known.SkPi, known.SkPr),
            (Hex(keys.SkD), Hex(keys.SkAi), Hex(keys.SkAr), Hex(keys.SkEi), Hex(keys.SkEr), Hex(keys.SkPi), Hex(keys.SkPr)));
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public void Child_sa_keymat_with_and_without_pfs_and_the_rekeyed_skeyseed_are_the_known_answers(Known known)
    {
        var prf = TransformIds.Prf(known.Prf)!;
        var skD = Convert.FromHexString(known.SkD);
        Assert.Equal(known.Keymat, Hex(Ikev2KeyDerivation.ChildKeymat(prf, skD, [], NonceI, NonceR, 72)));
        Assert.Equal(known.KeymatPfs, Hex(Ikev2KeyDerivation.ChildKeymat(prf, skD, PfsSharedSecret, NonceI, NonceR, 72)));
        Assert.Equal(known.RekeySkeyseed, Hex(Ikev2KeyDerivation.RekeySkeyseed(prf, skD, PfsSharedSecret, NonceI, NonceR)));
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public void The_pre_shared_key_auth_is_the_known_answer(Known known)
    {
        var prf = TransformIds.Prf(known.Prf)!;
        var auth = Ikev2KeyDerivation.PreSharedKeyAuth(prf, Ikev2KeyDerivation.SharedSecret("cisco123"), RealMessage1, NonceR,
            Convert.FromHexString(known.SkPi), RestOfInitIdPayload);
        Assert.Equal(known.AuthI, Hex(auth));
    }

    [Fact]
    public void Keymat_splits_initiator_to_responder_first_and_each_end_sees_the_other_end_s_outbound_as_inbound()
    {
        var keymat = Enumerable.Range(0, 72).Select(i => (byte)i).ToArray();
        var initiator = Ikev2KeyDerivation.SplitChildKeymat(keymat, 16, 20, initiator: true, inboundSpi: 0x1111, outboundSpi: 0x2222);
        var responder = Ikev2KeyDerivation.SplitChildKeymat(keymat, 16, 20, initiator: false, inboundSpi: 0x2222, outboundSpi: 0x1111);
        Assert.Equal(keymat[..16], initiator.Outbound.EncryptionKey);
        Assert.Equal(keymat[16..36], initiator.Outbound.IntegrityKey);
        Assert.Equal(keymat[36..52], initiator.Inbound.EncryptionKey);
        Assert.Equal(keymat[52..72], initiator.Inbound.IntegrityKey);
        Assert.Equal(initiator.Outbound, responder.Inbound, new SaKeysComparer());
        Assert.Equal(initiator.Inbound, responder.Outbound, new SaKeysComparer());
    }

    [Fact]
    public void Prf_plus_refuses_more_than_255_blocks_and_is_a_prefix_of_itself()
    {
        var prf = IkeHash.Sha1;
        var longest = new byte[255 * 20];
        Ikev2KeyDerivation.PrfPlus(prf, [1, 2, 3], [4, 5], longest);
        var shorter = new byte[77];
        Ikev2KeyDerivation.PrfPlus(prf, [1, 2, 3], [4, 5], shorter);
        Assert.Equal(longest[..77], shorter);
        Assert.Throws<ArgumentOutOfRangeException>(() => Ikev2KeyDerivation.PrfPlus(prf, [1], [2], new byte[255 * 20 + 1]));
    }

    [Theory]
    [InlineData(TransformIds.EncrAesCbc, 128, 16)]
    [InlineData(TransformIds.EncrAesCbc, 256, 32)]
    [InlineData(TransformIds.EncrAesGcm16, 256, 36)]
    [InlineData(TransformIds.EncrNullAuthAesGmac, 192, 28)]
    [InlineData(TransformIds.Encr3Des, null, 24)]
    public void Encryption_key_lengths_carry_the_gcm_salt(ushort id, int? bits, int expected)
    {
        Assert.True(TransformIds.TryGetEncryptionKeyLength(id, bits, out var length));
        Assert.Equal(expected, length);
    }

    [Theory]
    [InlineData(TransformIds.EncrAesCbc, null)]
    [InlineData(TransformIds.EncrAesGcm16, 64)]
    [InlineData(99, 128)]
    public void Unknown_encryption_is_refused(ushort id, int? bits) =>
        Assert.False(TransformIds.TryGetEncryptionKeyLength(id, bits, out _));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private sealed class SaKeysComparer : IEqualityComparer<SaKeys>
    {
        public bool Equals(SaKeys? x, SaKeys? y) => x!.EncryptionKey.AsSpan().SequenceEqual(y!.EncryptionKey) && x.IntegrityKey.AsSpan().SequenceEqual(y.IntegrityKey);
        public int GetHashCode(SaKeys obj) => 0;
    }
}
