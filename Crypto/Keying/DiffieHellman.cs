using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace AsaEmu.Crypto.Keying;

/// <summary>IKEv1 Group Description attribute values (RFC 2409 §6, RFC 3526, RFC 5903).</summary>
public enum DhGroupId : ushort
{
    Modp768 = 1,
    Modp1024 = 2,
    Modp1536 = 5,
    Modp2048 = 14,
    Modp3072 = 15,
    Modp4096 = 16,
    Ecp256 = 19,
    Ecp384 = 20,
    Ecp521 = 21,
}

/// <summary>Why a peer's public value was refused.</summary>
public enum DhStatus
{
    Ok,

    /// <summary>The KE data is not exactly <see cref="DhGroup.PublicValueLength"/> bytes (RFC 2409 §5 wants it padded to full length).</summary>
    WrongLength,

    /// <summary>Not a valid element: outside 1 &lt; y &lt; p-1 for MODP, not a point on the curve for ECP.</summary>
    InvalidValue,
}

/// <summary>One side's Diffie-Hellman key pair in a group: our public value, and g^xy once the peer's arrives.</summary>
public interface IDiffieHellman
{
    DhGroup Group { get; }

    /// <summary>Our public value as it goes into the KE payload: big-endian, left-padded to the group's length.</summary>
    ReadOnlySpan<byte> PublicValue { get; }

    /// <summary>
    /// Validates the peer's public value and writes g^xy, padded to <see cref="DhGroup.SharedSecretLength"/>,
    /// into <paramref name="sharedSecret"/>. A bad value is reported, never thrown.
    /// </summary>
    DhStatus TryComputeSharedSecret(ReadOnlySpan<byte> peerPublicValue, Span<byte> sharedSecret);
}

/// <summary>A Diffie-Hellman group the engine can negotiate.</summary>
public abstract class DhGroup
{
    public static readonly ModpGroup Modp768 = new(DhGroupId.Modp768, ModpPrimes.Prime768);
    public static readonly ModpGroup Modp1024 = new(DhGroupId.Modp1024, ModpPrimes.Prime1024, privateBits: 160);
    public static readonly ModpGroup Modp1536 = new(DhGroupId.Modp1536, ModpPrimes.Prime1536, privateBits: 200);
    public static readonly ModpGroup Modp2048 = new(DhGroupId.Modp2048, ModpPrimes.Prime2048, privateBits: 225);
    public static readonly ModpGroup Modp3072 = new(DhGroupId.Modp3072, ModpPrimes.Prime3072, privateBits: 275);
    public static readonly ModpGroup Modp4096 = new(DhGroupId.Modp4096, ModpPrimes.Prime4096, privateBits: 325);
    public static readonly EcpGroup Ecp256 = new(DhGroupId.Ecp256, 32);
    public static readonly EcpGroup Ecp384 = new(DhGroupId.Ecp384, 48);
    public static readonly EcpGroup Ecp521 = new(DhGroupId.Ecp521, 66);

    private protected DhGroup(DhGroupId id)
    {
        Id = id;
    }

    public DhGroupId Id { get; }

    /// <summary>Length in bytes of a public value in the KE payload.</summary>
    public abstract int PublicValueLength { get; }

    /// <summary>Length in bytes of g^xy as it enters SKEYID and KEYMAT.</summary>
    public abstract int SharedSecretLength { get; }

    /// <summary>The group for a Group Description attribute value, or null when AsaEmu does not implement it.</summary>
    public static DhGroup? FromAttribute(ushort value) => (DhGroupId)value switch
    {
        DhGroupId.Modp768 => Modp768,
        DhGroupId.Modp1024 => Modp1024,
        DhGroupId.Modp1536 => Modp1536,
        DhGroupId.Modp2048 => Modp2048,
        DhGroupId.Modp3072 => Modp3072,
        DhGroupId.Modp4096 => Modp4096,
        DhGroupId.Ecp256 => Ecp256,
        DhGroupId.Ecp384 => Ecp384,
        DhGroupId.Ecp521 => Ecp521,
        _ => null,
    };

    /// <summary>A fresh key pair whose private value comes from <paramref name="random"/>.</summary>
    public abstract IDiffieHellman CreateKeyPair(IRandom random);

    /// <summary>Checks a peer's public value without computing anything with it.</summary>
    public abstract DhStatus Validate(ReadOnlySpan<byte> peerPublicValue);

    public override string ToString() => Id.ToString();
}

/// <summary>
/// A MODP group with generator 2 (RFC 2409 §6.1/6.2, RFC 3526). The exponentiation is the
/// <see cref="ModpArithmetic"/>'s: OpenSSL's where libcrypto loads, else BouncyCastle's (itself
/// measured faster than System.Numerics.BigInteger.ModPow on groups 2, 5 and 14).
/// </summary>
public sealed class ModpGroup : DhGroup
{
    private static readonly byte[] Generator = [2];
    private readonly byte[] primeBytes;
    private readonly byte[] primeMinusOne;
    private readonly ModpModulus modulus;

    /// <param name="privateBits">The private value's length in bits; null: full size (one bit below the prime's).</param>
    internal ModpGroup(DhGroupId id, string primeHex, int? privateBits = null)
        : this(id, Convert.FromHexString(primeHex.Replace(" ", "", StringComparison.Ordinal)), ModpArithmetic.Default, privateBits)
    {
    }

    private ModpGroup(DhGroupId id, byte[] prime, ModpArithmetic arithmetic, int? privateBits)
        : base(id)
    {
        primeBytes = prime;
        PrivateBits = privateBits ?? prime.Length * 8 - 1;
        primeMinusOne = new BcBigInteger(1, prime).Subtract(BcBigInteger.One).ToByteArrayUnsigned();
        Arithmetic = arithmetic;
        modulus = arithmetic.Prepare(prime);
    }

    /// <summary>The prime p, big-endian.</summary>
    public ReadOnlySpan<byte> Prime => primeBytes;

    /// <summary>Who computes the exponentiations.</summary>
    public ModpArithmetic Arithmetic { get; }

    public override int PublicValueLength => primeBytes.Length;

    public override int SharedSecretLength => primeBytes.Length;

    /// <summary>The same group computed by another arithmetic (the cross-checks and the benchmark's comparison).</summary>
    public ModpGroup Using(ModpArithmetic arithmetic) => new(Id, primeBytes, arithmetic, PrivateBits);

    /// <summary>How many bits a private value this end draws has at most.</summary>
    public int PrivateBits { get; }

    /// <summary>
    /// A private value of <see cref="PrivateBits"/> random bits, 2 &lt;= x &lt; 2^PrivateBits &lt; p. The RFC 3526
    /// groups draw the short exponents that RFC 7919 Appendix A gives for primes of their sizes (225 bits for
    /// 2048, 275 for 3072, 325 for 4096; 200 for 1536), at least twice the group's strength as RFC 3526 §8 asks.
    /// These are the lengths OpenSSL 3 draws for these primes, and so what the strongSwan reference does here
    /// (measured: 1536-4096-bit private values at most 200/225/275/325 bits). Group 2 (RFC 2409 §6.2, a safe
    /// prime like the others) draws 160 bits by the same rule: a 1024-bit group is worth 80 bits (NIST SP 800-57
    /// Part 1, Table 2), and twice that is the exponent of DSA's 1024/160. OpenSSL, and so the reference, draws
    /// 1023 there, for no strength the group has: each exponentiation, of the key pair and of the shared
    /// secret, costs about a sixth. Group 1 (768 bits, refused by default) stays full size. Key pairs are
    /// immutable once made, so the exponentiations may run off the control loop.
    /// </summary>
    public override IDiffieHellman CreateKeyPair(IRandom random)
    {
        var x = new byte[(PrivateBits + 7) / 8];
        var topMask = (byte)(0xFF >> (x.Length * 8 - PrivateBits));
        while (true)
        {
            random.Fill(x);
            x[0] &= topMask;
            if (AtLeastTwo(x))
            {
                return new KeyPair(this, x);
            }
        }
    }

    /// <summary>A key pair from a known private value x (known-answer tests, reproducible runs), big-endian. 2 &lt;= x &lt; p-1.</summary>
    public IDiffieHellman CreateKeyPair(ReadOnlySpan<byte> privateValue)
    {
        var significant = privateValue.IndexOfAnyExcept((byte)0) is var first and >= 0 ? privateValue[first..] : [];
        var x = new byte[primeBytes.Length];
        if (significant.Length > x.Length || !significant.TryCopyTo(x.AsSpan(x.Length - significant.Length))
            || !AtLeastTwo(x) || !BelowPrimeMinusOne(x))
        {
            throw new ArgumentOutOfRangeException(nameof(privateValue), "the private value must satisfy 2 <= x < p-1");
        }

        return new KeyPair(this, x);
    }

    public override DhStatus Validate(ReadOnlySpan<byte> peerPublicValue)
    {
        if (peerPublicValue.Length != primeBytes.Length)
        {
            return DhStatus.WrongLength;
        }

        return AtLeastTwo(peerPublicValue) && BelowPrimeMinusOne(peerPublicValue) ? DhStatus.Ok : DhStatus.InvalidValue;
    }

    /// <summary>value &gt;= 2, for a big-endian value of any length.</summary>
    private static bool AtLeastTwo(ReadOnlySpan<byte> value) =>
        value.Length > 0 && (value[..^1].IndexOfAnyExcept((byte)0) >= 0 || value[^1] >= 2);

    /// <summary>value &lt; p-1, for a big-endian value of the prime's length (p-1 has the same length: p's top byte is FF).</summary>
    private bool BelowPrimeMinusOne(ReadOnlySpan<byte> value) => value.SequenceCompareTo(primeMinusOne) < 0;

    private sealed class KeyPair : IDiffieHellman
    {
        private readonly ModpGroup group;
        private readonly byte[] x;
        private readonly byte[] publicValue;

        public KeyPair(ModpGroup group, byte[] x)
        {
            this.group = group;
            this.x = x;
            publicValue = new byte[group.primeBytes.Length];
            group.modulus.ModPow(Generator, x, publicValue);
        }

        public DhGroup Group => group;

        public ReadOnlySpan<byte> PublicValue => publicValue;

        public DhStatus TryComputeSharedSecret(ReadOnlySpan<byte> peerPublicValue, Span<byte> sharedSecret)
        {
            var status = group.Validate(peerPublicValue);
            if (status != DhStatus.Ok)
            {
                return status;
            }

            if (sharedSecret.Length < group.primeBytes.Length)
            {
                throw new ArgumentException($"needs {group.primeBytes.Length} bytes", nameof(sharedSecret));
            }

            group.modulus.ModPow(peerPublicValue, x, sharedSecret[..group.primeBytes.Length]);
            return DhStatus.Ok;
        }
    }
}

/// <summary>The MODP primes, in the layout of the RFCs that define them.</summary>
internal static class ModpPrimes
{
    // group 1: 2^768 - 2^704 - 1 + 2^64 * { [2^638 pi] + 149686 }
    internal const string Prime768 =
        "FFFFFFFF FFFFFFFF C90FDAA2 2168C234 C4C6628B 80DC1CD1 29024E08 8A67CC74" +
        "020BBEA6 3B139B22 514A0879 8E3404DD EF9519B3 CD3A431B 302B0A6D F25F1437" +
        "4FE1356D 6D51C245 E485B576 625E7EC6 F44C42E9 A63A3620 FFFFFFFF FFFFFFFF";

    // group 2: 2^1024 - 2^960 - 1 + 2^64 * { [2^894 pi] + 129093 }
    internal const string Prime1024 =
        "FFFFFFFF FFFFFFFF C90FDAA2 2168C234 C4C6628B 80DC1CD1 29024E08 8A67CC74" +
        "020BBEA6 3B139B22 514A0879 8E3404DD EF9519B3 CD3A431B 302B0A6D F25F1437" +
        "4FE1356D 6D51C245 E485B576 625E7EC6 F44C42E9 A637ED6B 0BFF5CB6 F406B7ED" +
        "EE386BFB 5A899FA5 AE9F2411 7C4B1FE6 49286651 ECE65381 FFFFFFFF FFFFFFFF";

    // group 5: 2^1536 - 2^1472 - 1 + 2^64 * { [2^1406 pi] + 741804 }
    internal const string Prime1536 =
        "FFFFFFFF FFFFFFFF C90FDAA2 2168C234 C4C6628B 80DC1CD1 29024E08 8A67CC74" +
        "020BBEA6 3B139B22 514A0879 8E3404DD EF9519B3 CD3A431B 302B0A6D F25F1437" +
        "4FE1356D 6D51C245 E485B576 625E7EC6 F44C42E9 A637ED6B 0BFF5CB6 F406B7ED" +
        "EE386BFB 5A899FA5 AE9F2411 7C4B1FE6 49286651 ECE45B3D C2007CB8 A163BF05" +
        "98DA4836 1C55D39A 69163FA8 FD24CF5F 83655D23 DCA3AD96 1C62F356 208552BB" +
        "9ED52907 7096966D 670C354E 4ABC9804 F1746C08 CA237327 FFFFFFFF FFFFFFFF";

    // group 14: 2^2048 - 2^1984 - 1 + 2^64 * { [2^1918 pi] + 124476 }
    internal const string Prime2048 =
        "FFFFFFFF FFFFFFFF C90FDAA2 2168C234 C4C6628B 80DC1CD1 29024E08 8A67CC74" +
        "020BBEA6 3B139B22 514A0879 8E3404DD EF9519B3 CD3A431B 302B0A6D F25F1437" +
        "4FE1356D 6D51C245 E485B576 625E7EC6 F44C42E9 A637ED6B 0BFF5CB6 F406B7ED" +
        "EE386BFB 5A899FA5 AE9F2411 7C4B1FE6 49286651 ECE45B3D C2007CB8 A163BF05" +
        "98DA4836 1C55D39A 69163FA8 FD24CF5F 83655D23 DCA3AD96 1C62F356 208552BB" +
        "9ED52907 7096966D 670C354E 4ABC9804 F1746C08 CA18217C 32905E46 2E36CE3B" +
        "E39E772C 180E8603 9B2783A2 EC07A28F B5C55DF0 6F4C52C9 DE2BCBF6 95581718" +
        "3995497C EA956AE5 15D22618 98FA0510 15728E5A 8AACAA68 FFFFFFFF FFFFFFFF";

    // group 15: 2^3072 - 2^3008 - 1 + 2^64 * { [2^2942 pi] + 1690314 }
    internal const string Prime3072 =
        "FFFFFFFF FFFFFFFF C90FDAA2 2168C234 C4C6628B 80DC1CD1 29024E08 8A67CC74" +
        "020BBEA6 3B139B22 514A0879 8E3404DD EF9519B3 CD3A431B 302B0A6D F25F1437" +
        "4FE1356D 6D51C245 E485B576 625E7EC6 F44C42E9 A637ED6B 0BFF5CB6 F406B7ED" +
        "EE386BFB 5A899FA5 AE9F2411 7C4B1FE6 49286651 ECE45B3D C2007CB8 A163BF05" +
        "98DA4836 1C55D39A 69163FA8 FD24CF5F 83655D23 DCA3AD96 1C62F356 208552BB" +
        "9ED52907 7096966D 670C354E 4ABC9804 F1746C08 CA18217C 32905E46 2E36CE3B" +
        "E39E772C 180E8603 9B2783A2 EC07A28F B5C55DF0 6F4C52C9 DE2BCBF6 95581718" +
        "3995497C EA956AE5 15D22618 98FA0510 15728E5A 8AAAC42D AD33170D 04507A33" +
        "A85521AB DF1CBA64 ECFB8504 58DBEF0A 8AEA7157 5D060C7D B3970F85 A6E1E4C7" +
        "ABF5AE8C DB0933D7 1E8C94E0 4A25619D CEE3D226 1AD2EE6B F12FFA06 D98A0864" +
        "D8760273 3EC86A64 521F2B18 177B200C BBE11757 7A615D6C 770988C0 BAD946E2" +
        "08E24FA0 74E5AB31 43DB5BFC E0FD108E 4B82D120 A93AD2CA FFFFFFFF FFFFFFFF";

    // group 16: 2^4096 - 2^4032 - 1 + 2^64 * { [2^3966 pi] + 240904 }
    internal const string Prime4096 =
        "FFFFFFFF FFFFFFFF C90FDAA2 2168C234 C4C6628B 80DC1CD1 29024E08 8A67CC74" +
        "020BBEA6 3B139B22 514A0879 8E3404DD EF9519B3 CD3A431B 302B0A6D F25F1437" +
        "4FE1356D 6D51C245 E485B576 625E7EC6 F44C42E9 A637ED6B 0BFF5CB6 F406B7ED" +
        "EE386BFB 5A899FA5 AE9F2411 7C4B1FE6 49286651 ECE45B3D C2007CB8 A163BF05" +
        "98DA4836 1C55D39A 69163FA8 FD24CF5F 83655D23 DCA3AD96 1C62F356 208552BB" +
        "9ED52907 7096966D 670C354E 4ABC9804 F1746C08 CA18217C 32905E46 2E36CE3B" +
        "E39E772C 180E8603 9B2783A2 EC07A28F B5C55DF0 6F4C52C9 DE2BCBF6 95581718" +
        "3995497C EA956AE5 15D22618 98FA0510 15728E5A 8AAAC42D AD33170D 04507A33" +
        "A85521AB DF1CBA64 ECFB8504 58DBEF0A 8AEA7157 5D060C7D B3970F85 A6E1E4C7" +
        "ABF5AE8C DB0933D7 1E8C94E0 4A25619D CEE3D226 1AD2EE6B F12FFA06 D98A0864" +
        "D8760273 3EC86A64 521F2B18 177B200C BBE11757 7A615D6C 770988C0 BAD946E2" +
        "08E24FA0 74E5AB31 43DB5BFC E0FD108E 4B82D120 A9210801 1A723C12 A787E6D7" +
        "88719A10 BDBA5B26 99C32718 6AF4E23C 1A946834 B6150BDA 2583E9CA 2AD44CE8" +
        "DBBBC2DB 04DE8EF9 2E8EFC14 1FBECAA6 287C5947 4E6BC05D 99B2964F A090C3A2" +
        "233BA186 515BE7ED 1F612970 CEE2D7AF B81BDD76 2170481C D0069127 D5B05AA9" +
        "93B4EA98 8D8FDDC1 86FFB7DC 90A6C08F 4DF435C9 34063199 FFFFFFFF FFFFFFFF";

}
