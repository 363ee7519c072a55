using System.Numerics;
using System.Runtime.InteropServices;
using AsaEmu.Crypto.Keying;
using CsCheck;

namespace AsaEmu.Crypto.Tests.Keying;

/// <summary>
/// The two MODP arithmetics, OpenSSL's and BouncyCastle's: each against answers that follow from the
/// RFC 3526 / RFC 2409 primes alone and against the Python vectors, and against each other.
/// </summary>
public class ModpArithmeticTests
{
    /// <summary>Both where libcrypto 3 loads (as on CI); BouncyCastle alone elsewhere.</summary>
    public static TheoryData<string> Arithmetics => new(Available);

    public static TheoryData<int, string> GroupsAndArithmetics
    {
        get
        {
            var data = new TheoryData<int, string>();
            foreach (var group in new[] { 1, 2, 5, 14, 15, 16 })
            {
                foreach (var arithmetic in Available) data.Add(group, arithmetic);
            }

            return data;
        }
    }

    [Fact]
    public void OpenSsl_loads_where_libcrypto_3_does_and_the_groups_use_it_there_else_bouncycastle()
    {
        if (NativeLibrary.TryLoad("libcrypto.so.3", out var handle))
        {
            NativeLibrary.Free(handle);
            Assert.NotNull(ModpArithmetic.OpenSsl);
            Assert.Same(ModpArithmetic.OpenSsl, ModpArithmetic.Default);
        }
        else
        {
            Assert.Null(ModpArithmetic.OpenSsl);
            Assert.Same(ModpArithmetic.BouncyCastle, ModpArithmetic.Default);
        }
        Assert.Same(ModpArithmetic.Default, DhGroup.Modp2048.Arithmetic);
    }

    /// <summary>
    /// For an RFC 3526 safe prime p = 2q+1 with p = 7 mod 8, 2 is a quadratic residue, so 2^q = 1 (Euler's
    /// criterion), and 2^(p-2) is the inverse of 2, (p+1)/2 (Fermat): answers from the RFC's primes alone.
    /// </summary>
    [Theory]
    [MemberData(nameof(GroupsAndArithmetics))]
    public void Public_values_match_what_follows_from_the_rfc_primes(int id, string arithmetic)
    {
        var group = Group(id, arithmetic);
        var p = new BigInteger(group.Prime, isUnsigned: true, isBigEndian: true);
        Assert.Equal(7, (int)(p % 8));

        var q = group.CreateKeyPair(Bytes((p - 1) / 2, group.PublicValueLength));
        var inverse = group.CreateKeyPair(Bytes(p - 2, group.PublicValueLength));

        Assert.Equal(Bytes(BigInteger.One, group.PublicValueLength), q.PublicValue.ToArray());
        Assert.Equal(Bytes((p + 1) / 2, group.PublicValueLength), inverse.PublicValue.ToArray());
        var secret = new byte[group.SharedSecretLength];
        Assert.Equal(DhStatus.Ok, inverse.TryComputeSharedSecret(Bytes(4, group.PublicValueLength), secret)); // 4^(p-2) = 4^-1
        Assert.Equal(Bytes(BigInteger.ModPow(4, p - 2, p), group.SharedSecretLength), secret);
    }

    [Theory]
    [MemberData(nameof(Arithmetics))]
    public void Key_pairs_match_the_python_vectors(string arithmetic)
    {
        foreach (var v in Vectors.Dh)
        {
            var group = Group(v.Int("group"), arithmetic);
            var initiator = group.CreateKeyPair(v.Bytes("xi"));
            var responder = group.CreateKeyPair(v.Bytes("xr"));
            Assert.Equal(v.Hex("gxi"), Vectors.Hex(initiator.PublicValue));
            Assert.Equal(v.Hex("gxr"), Vectors.Hex(responder.PublicValue));
            var secret = new byte[group.SharedSecretLength];
            secret.AsSpan().Fill(0xEE);
            Assert.Equal(DhStatus.Ok, initiator.TryComputeSharedSecret(responder.PublicValue, secret));
            Assert.Equal(v.Hex("gxy"), Vectors.Hex(secret));
        }
    }

    /// <summary>The same private values give the same public values and g^xy in both, and the two sides agree.</summary>
    [OpenSslFact]
    public void OpenSsl_and_BouncyCastle_agree_on_any_private_value()
    {
        var openSsl = ModpArithmetic.OpenSsl;
        var groups = Gen.OneOf<ModpGroup>(DhGroup.Modp768, DhGroup.Modp1024, DhGroup.Modp1536, DhGroup.Modp2048, DhGroup.Modp3072);
        Gen.Select(groups, Gen.Int[0, 1 << 30], Gen.Int[0, 1 << 30]).Sample((group, a, b) =>
        {
            var fast = group.Using(openSsl!);
            var slow = group.Using(ModpArithmetic.BouncyCastle);
            var xa = Private(group, a);
            var xb = Private(group, b);
            var fastA = fast.CreateKeyPair(xa);
            var slowA = slow.CreateKeyPair(xa);
            var fastB = fast.CreateKeyPair(xb);
            Assert.Equal(slowA.PublicValue.ToArray(), fastA.PublicValue.ToArray());

            var s1 = new byte[group.SharedSecretLength];
            var s2 = new byte[group.SharedSecretLength];
            var s3 = new byte[group.SharedSecretLength];
            Assert.Equal(DhStatus.Ok, fastA.TryComputeSharedSecret(fastB.PublicValue, s1));
            Assert.Equal(DhStatus.Ok, slowA.TryComputeSharedSecret(fastB.PublicValue, s2));
            Assert.Equal(DhStatus.Ok, fastB.TryComputeSharedSecret(slowA.PublicValue, s3));
            Assert.Equal(s2, s1);
            Assert.Equal(s3, s1);
        }, iter: 40);
    }

    [Fact]
    public void Private_values_outside_two_to_p_minus_two_are_refused_in_any_length()
    {
        var group = DhGroup.Modp768;
        var p = new BigInteger(group.Prime, isUnsigned: true, isBigEndian: true);
        Assert.Throws<ArgumentOutOfRangeException>(() => group.CreateKeyPair([1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => group.CreateKeyPair(new byte[96]));
        Assert.Throws<ArgumentOutOfRangeException>(() => group.CreateKeyPair(Bytes(p - 1, 96)));
        Assert.Throws<ArgumentOutOfRangeException>(() => group.CreateKeyPair(Bytes(p, 97)));
        var two = group.CreateKeyPair([0, 0, 2]); // leading zeros do not count
        Assert.Equal(Bytes(4, 96), two.PublicValue.ToArray());
    }

    private static ModpGroup Group(int id, string arithmetic)
    {
        var group = (ModpGroup)DhGroup.FromAttribute((ushort)id)!;
        return group.Using(arithmetic == "OpenSSL" ? ModpArithmetic.OpenSsl! : ModpArithmetic.BouncyCastle);
    }

    private static string[] Available => ModpArithmetic.OpenSsl is null ? ["BouncyCastle"] : ["OpenSSL", "BouncyCastle"];

    /// <summary>A full-size private value from a seed, drawn the way the engine draws one.</summary>
    private static byte[] Private(ModpGroup group, int seed)
    {
        var x = new byte[group.PublicValueLength];
        new SeededRandom($"modp{seed}").Fill(x);
        x[0] &= 0x7F;
        x[^1] |= 2;
        return x;
    }

    private static byte[] Bytes(BigInteger value, int length)
    {
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var padded = new byte[length];
        bytes.CopyTo(padded, length - bytes.Length);
        return padded;
    }
}

/// <summary>A test of the OpenSSL binding: skipped, with the reason, where libcrypto 3 does not load.</summary>
public sealed class OpenSslFactAttribute : FactAttribute
{
    public OpenSslFactAttribute()
    {
        if (ModpArithmetic.OpenSsl is null) Skip = "libcrypto.so.3 (OpenSSL 3) is absent: the groups use BouncyCastle";
    }
}
