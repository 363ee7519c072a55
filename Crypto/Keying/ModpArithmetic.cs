using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace AsaEmu.Crypto.Keying;

/// <summary>
/// Who computes b^e mod p for the MODP groups: the platform's libcrypto (OpenSSL 3) where it loads,
/// else BouncyCastle. Both take the same big-endian inputs and give the same padded output, so a
/// key pair's values do not depend on the choice; the private exponent always comes from our IRandom.
/// </summary>
public abstract class ModpArithmetic
{
    private static readonly Lazy<ModpArithmetic?> LoadedOpenSsl = new(OpenSslModp.TryLoad);

    /// <summary>BouncyCastle's BigInteger.ModPow: managed, everywhere.</summary>
    public static ModpArithmetic BouncyCastle { get; } = new BouncyCastleModp();

    /// <summary>OpenSSL's constant-time Montgomery exponentiation, or null where libcrypto.so.3 does not load.</summary>
    public static ModpArithmetic? OpenSsl => LoadedOpenSsl.Value;

    /// <summary>
    /// What the groups use: OpenSSL where libcrypto 3 loads (4-7 times faster), else BouncyCastle. The faster
    /// intake under a flood is the half-open policy's to bear (IkeEngine.LimitHalfOpen keeps a real client's place).
    /// </summary>
    public static ModpArithmetic Default => OpenSsl ?? BouncyCastle;

    public abstract string Name { get; }

    /// <summary>The arithmetic modulo one prime (state such as a Montgomery context made once, shared by threads).</summary>
    internal abstract ModpModulus Prepare(byte[] prime);

    public override string ToString() => Name;
}

/// <summary>b^e mod p for one prime p; safe to call from several threads at once.</summary>
internal abstract class ModpModulus
{
    /// <summary>Writes base^exponent mod p, big-endian, left-padded to exactly <paramref name="result"/>'s length (the prime's).</summary>
    public abstract void ModPow(ReadOnlySpan<byte> @base, ReadOnlySpan<byte> exponent, Span<byte> result);
}

internal sealed class BouncyCastleModp : ModpArithmetic
{
    public override string Name => "BouncyCastle";

    internal override ModpModulus Prepare(byte[] prime) => new Modulus(new BcBigInteger(1, prime));

    private sealed class Modulus(BcBigInteger prime) : ModpModulus
    {
        public override void ModPow(ReadOnlySpan<byte> @base, ReadOnlySpan<byte> exponent, Span<byte> result)
        {
            var value = new BcBigInteger(1, @base.ToArray()).ModPow(new BcBigInteger(1, exponent.ToArray()), prime);
            var bytes = value.ToByteArrayUnsigned();
            result[..(result.Length - bytes.Length)].Clear();
            bytes.CopyTo(result[(result.Length - bytes.Length)..]);
        }
    }
}
