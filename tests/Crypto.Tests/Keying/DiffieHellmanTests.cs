using System.Numerics;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Tests.Keying;

public class DiffieHellmanTests
{
    public static TheoryData<int, int, int> ModpGroups => new()
    {
        { 1, 768, 149686 },
        { 2, 1024, 129093 },
        { 5, 1536, 741804 },
        { 14, 2048, 124476 },
        { 15, 3072, 1690314 },
        { 16, 4096, 240904 },
    };

    /// <summary>RFC 2409 §6 / RFC 3526: p = 2^n - 2^(n-64) - 1 + 2^64 * ( [2^(n-130) pi] + k ), pi computed here.</summary>
    [Theory]
    [MemberData(nameof(ModpGroups))]
    public void Prime_matches_the_rfc_formula(int group, int bits, int k)
    {
        var n = bits;
        var expected = (BigInteger.One << n) - (BigInteger.One << (n - 64)) - 1 + ((FloorPiTimesPowerOfTwo(n - 130) + k) << 64);
        var modp = (ModpGroup)DhGroup.FromAttribute((ushort)group)!;

        Assert.Equal(expected, new BigInteger(modp.Prime, isUnsigned: true, isBigEndian: true));
        Assert.Equal(bits / 8, modp.PublicValueLength);
    }

    [Fact]
    public void Primes_match_the_independent_script()
    {
        foreach (var v in Vectors.Modp)
        {
            var modp = (ModpGroup)DhGroup.FromAttribute((ushort)v.Int("group"))!;
            Assert.Equal(v.Hex("prime"), Vectors.Hex(modp.Prime));
        }
    }

    [Fact]
    public void Modp_key_pairs_match_python_pow()
    {
        var checkedGroups = new HashSet<int>();
        foreach (var v in Vectors.Dh)
        {
            var group = (ModpGroup)DhGroup.FromAttribute((ushort)v.Int("group"))!;
            var initiator = group.CreateKeyPair(v.Bytes("xi"));
            var responder = group.CreateKeyPair(v.Bytes("xr"));
            Assert.Equal(v.Hex("gxi"), Vectors.Hex(initiator.PublicValue));
            Assert.Equal(v.Hex("gxr"), Vectors.Hex(responder.PublicValue));

            var secretI = new byte[group.SharedSecretLength];
            var secretR = new byte[group.SharedSecretLength];
            Assert.Equal(DhStatus.Ok, initiator.TryComputeSharedSecret(responder.PublicValue, secretI));
            Assert.Equal(DhStatus.Ok, responder.TryComputeSharedSecret(initiator.PublicValue, secretR));
            Assert.Equal(v.Hex("gxy"), Vectors.Hex(secretI));
            Assert.Equal(v.Hex("gxy"), Vectors.Hex(secretR));
            checkedGroups.Add(v.Int("group"));
        }

        Assert.Superset(new HashSet<int> { 1, 2, 5, 14 }, checkedGroups);
    }

    [Fact]
    public void A_shared_secret_with_a_leading_zero_byte_keeps_its_full_length()
    {
        var short2 = Vectors.Dh.Where(v => v.Hex("gxy").StartsWith("00", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(short2);
        foreach (var v in short2)
        {
            var group = DhGroup.FromAttribute((ushort)v.Int("group"))!;
            var pair = ((ModpGroup)group).CreateKeyPair(v.Bytes("xi"));
            var secret = new byte[group.SharedSecretLength];
            secret.AsSpan().Fill(0xEE);
            Assert.Equal(DhStatus.Ok, pair.TryComputeSharedSecret(v.Bytes("gxr"), secret));
            Assert.Equal(v.Hex("gxy"), Vectors.Hex(secret));
        }
    }

    [Fact]
    public void Ecp_key_pairs_match_the_script()
    {
        foreach (var v in Vectors.Ecp)
        {
            var group = (EcpGroup)DhGroup.FromAttribute((ushort)v.Int("group"))!;
            var initiator = group.CreateKeyPair(v.Bytes("xi"));
            var responder = group.CreateKeyPair(v.Bytes("xr"));
            Assert.Equal(v.Hex("gxi"), Vectors.Hex(initiator.PublicValue));
            Assert.Equal(v.Hex("gxr"), Vectors.Hex(responder.PublicValue));

            var secret = new byte[group.SharedSecretLength];
            Assert.Equal(DhStatus.Ok, initiator.TryComputeSharedSecret(responder.PublicValue, secret));
            Assert.Equal(v.Hex("gxy"), Vectors.Hex(secret));
            Assert.Equal(DhStatus.Ok, responder.TryComputeSharedSecret(initiator.PublicValue, secret));
            Assert.Equal(v.Hex("gxy"), Vectors.Hex(secret));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(14)]
    [InlineData(19)]
    [InlineData(20)]
    public void Two_sides_from_injected_randomness_agree(int id)
    {
        var group = DhGroup.FromAttribute((ushort)id)!;
        var a = group.CreateKeyPair(new SeededRandom($"a{id}"));
        var b = group.CreateKeyPair(new SeededRandom($"b{id}"));
        var again = group.CreateKeyPair(new SeededRandom($"a{id}"));

        Assert.Equal(group.PublicValueLength, a.PublicValue.Length);
        Assert.Equal(Vectors.Hex(a.PublicValue), Vectors.Hex(again.PublicValue));
        var s1 = new byte[group.SharedSecretLength];
        var s2 = new byte[group.SharedSecretLength];
        Assert.Equal(DhStatus.Ok, a.TryComputeSharedSecret(b.PublicValue, s1));
        Assert.Equal(DhStatus.Ok, b.TryComputeSharedSecret(a.PublicValue, s2));
        Assert.Equal(s1, s2);
    }

    [Fact]
    public void Group_1_private_values_are_full_size_and_below_the_prime()
    {
        // An all-zero draw is refused and drawn again; all ones becomes 2^767 - 1 (top bit cleared).
        var group = DhGroup.Modp768;
        var zero = new byte[96];
        var ones = Enumerable.Repeat((byte)0xFF, 96).ToArray();
        var pair = group.CreateKeyPair(new ScriptedRandom(zero, ones));
        var expected = BigInteger.ModPow(2, (BigInteger.One << 767) - 1, new BigInteger(group.Prime, true, true));
        Assert.Equal(expected, new BigInteger(pair.PublicValue, true, true));
    }

    [Theory]
    [InlineData(2, 160)]
    [InlineData(5, 200)]
    [InlineData(14, 225)]
    [InlineData(15, 275)]
    [InlineData(16, 325)]
    public void Groups_2_and_above_draw_short_exponents_of_twice_their_strength(int id, int bits)
    {
        // All ones is the largest draw: 2^bits - 1, no more bits than that.
        var group = (ModpGroup)DhGroup.FromAttribute((ushort)id)!;
        Assert.Equal(bits, group.PrivateBits);
        var ones = Enumerable.Repeat((byte)0xFF, (bits + 7) / 8).ToArray();
        var pair = group.CreateKeyPair(new ScriptedRandom(ones));
        var expected = BigInteger.ModPow(2, (BigInteger.One << bits) - 1, new BigInteger(group.Prime, true, true));
        Assert.Equal(expected, new BigInteger(pair.PublicValue, true, true));
    }

    [Fact]
    public void Bad_modp_public_values_are_reported_not_thrown()
    {
        var group = DhGroup.Modp1024;
        var pair = group.CreateKeyPair(new SeededRandom("bad"));
        var p = group.Prime.ToArray();
        var pMinusOne = (byte[])p.Clone();
        pMinusOne[^1] -= 1;
        var one = new byte[128];
        one[^1] = 1;
        var two = new byte[128];
        two[^1] = 2;
        var secret = new byte[128];

        Assert.Equal(DhStatus.InvalidValue, pair.TryComputeSharedSecret(new byte[128], secret));
        Assert.Equal(DhStatus.InvalidValue, pair.TryComputeSharedSecret(one, secret));
        Assert.Equal(DhStatus.InvalidValue, pair.TryComputeSharedSecret(pMinusOne, secret));
        Assert.Equal(DhStatus.InvalidValue, pair.TryComputeSharedSecret(p, secret));
        Assert.Equal(DhStatus.InvalidValue, pair.TryComputeSharedSecret(Enumerable.Repeat((byte)0xFF, 128).ToArray(), secret));
        Assert.Equal(DhStatus.WrongLength, pair.TryComputeSharedSecret(new byte[127], secret));
        Assert.Equal(DhStatus.WrongLength, pair.TryComputeSharedSecret(new byte[129], secret));
        Assert.Equal(DhStatus.WrongLength, group.Validate(ReadOnlySpan<byte>.Empty));
        Assert.Equal(DhStatus.Ok, group.Validate(two));
    }

    [Fact]
    public void Bad_ecp_public_values_are_reported_not_thrown()
    {
        var group = DhGroup.Ecp256;
        var pair = group.CreateKeyPair(new SeededRandom("ecbad"));
        var secret = new byte[32];
        var offCurve = pair.PublicValue.ToArray();
        offCurve[^1] ^= 1;

        Assert.Equal(DhStatus.InvalidValue, pair.TryComputeSharedSecret(offCurve, secret));
        Assert.Equal(DhStatus.InvalidValue, pair.TryComputeSharedSecret(new byte[64], secret));
        Assert.Equal(DhStatus.WrongLength, pair.TryComputeSharedSecret(new byte[65], secret));
        Assert.Equal(DhStatus.WrongLength, DhGroup.Ecp384.Validate(pair.PublicValue));
    }

    [Fact]
    public void Unknown_groups_are_null()
    {
        Assert.Null(DhGroup.FromAttribute(0));
        Assert.Null(DhGroup.FromAttribute(3));
        Assert.Null(DhGroup.FromAttribute(24));
        Assert.Same(DhGroup.Modp2048, DhGroup.FromAttribute(14));
    }

    /// <summary>floor(2^e * pi) from Machin's formula pi = 16 atan(1/5) - 4 atan(1/239), with guard bits.</summary>
    private static BigInteger FloorPiTimesPowerOfTwo(int e)
    {
        const int guard = 64;
        var one = BigInteger.One << (e + guard);
        var pi = (16 * ArctanInverse(5, one)) - (4 * ArctanInverse(239, one));
        return pi >> guard;
    }

    private static BigInteger ArctanInverse(int x, BigInteger one)
    {
        BigInteger term = one / x, sum = term, x2 = x * x;
        var sign = -1;
        for (var n = 1; !term.IsZero; n++, sign = -sign)
        {
            term /= x2;
            sum += sign * (term / ((2 * n) + 1));
        }

        return sum;
    }
}
