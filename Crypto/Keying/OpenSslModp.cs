using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace AsaEmu.Crypto.Keying;

/// <summary>
/// MODP exponentiation through OpenSSL 3's BIGNUM API (BN_mod_exp_mont_consttime with a Montgomery
/// context per prime): several times faster than managed big integers for the 1024–4096-bit groups.
/// <para>
/// Purity: this only calls into a shared library. The dynamic loader maps libcrypto.so.3 (on Linux
/// .NET's own System.Security.Cryptography.Native has usually loaded it already) when the first
/// DllImport below binds; no file, socket, clock or random of ours is touched: the exponent is the
/// caller's bytes, from the engine's IRandom. Where the library or OpenSSL 3 is absent,
/// <see cref="TryLoad"/> says null and the groups keep to BouncyCastle.
/// </para>
/// </summary>
internal sealed class OpenSslModp : ModpArithmetic
{
    private const string Library = "libcrypto.so.3";
    private const int ConstTimeFlag = 0x04; // BN_FLG_CONSTTIME: the exponent is secret

    private OpenSslModp()
    {
    }

    public override string Name => "OpenSSL";

    /// <summary>The binding when libcrypto 3 loads and its exports are there, else null.</summary>
    internal static ModpArithmetic? TryLoad()
    {
        try
        {
            if (OpenSSL_version_num() < 0x30000000) return null;
            var probe = new OpenSslModp();
            var check = probe.Prepare([0xFB]); // 251, prime: 2^8 mod 251 = 5
            var result = new byte[1];
            check.ModPow([2], [8], result);
            return result[0] == 5 ? probe : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or CryptographicException)
        {
            return null;
        }
    }

    internal override ModpModulus Prepare(byte[] prime) => new Modulus(prime);

    /// <summary>The prime and its Montgomery context, made once and only read afterwards (OpenSSL allows shared readers); freed with the group.</summary>
    private sealed class Modulus : ModpModulus
    {
        private readonly IntPtr _prime;
        private readonly IntPtr _montgomery;

        public Modulus(byte[] prime)
        {
            var ctx = BN_CTX_new();
            try
            {
                _prime = BN_bin2bn(ref prime[0], prime.Length, IntPtr.Zero);
                _montgomery = BN_MONT_CTX_new();
                if (ctx == IntPtr.Zero || _prime == IntPtr.Zero || _montgomery == IntPtr.Zero || BN_MONT_CTX_set(_montgomery, _prime, ctx) != 1)
                {
                    Free();
                    GC.SuppressFinalize(this);
                    throw new CryptographicException("OpenSSL: cannot prepare the MODP prime");
                }
            }
            finally
            {
                BN_CTX_free(ctx);
            }
        }

        ~Modulus() => Free();

        public override void ModPow(ReadOnlySpan<byte> @base, ReadOnlySpan<byte> exponent, Span<byte> result)
        {
            var ctx = BN_CTX_new();
            var b = BN_bin2bn(ref MemoryMarshal.GetReference(@base), @base.Length, IntPtr.Zero);
            var e = BN_bin2bn(ref MemoryMarshal.GetReference(exponent), exponent.Length, IntPtr.Zero);
            var r = BN_new();
            try
            {
                if (ctx == IntPtr.Zero || b == IntPtr.Zero || e == IntPtr.Zero || r == IntPtr.Zero)
                    throw new CryptographicException("OpenSSL: out of memory");
                BN_set_flags(e, ConstTimeFlag);
                if (BN_mod_exp_mont_consttime(r, b, e, _prime, ctx, _montgomery) != 1
                    || BN_bn2binpad(r, ref MemoryMarshal.GetReference(result), result.Length) != result.Length)
                    throw new CryptographicException("OpenSSL: MODP exponentiation failed");
            }
            finally
            {
                BN_clear_free(e);
                BN_clear_free(r);
                BN_free(b);
                BN_CTX_free(ctx);
            }
        }

        private void Free()
        {
            BN_MONT_CTX_free(_montgomery);
            BN_free(_prime);
        }
    }

    // The BIGNUM API (OpenSSL 3, BN_*(3)); NULL arguments to the frees are no-ops.
    [DllImport(Library)]
    private static extern nuint OpenSSL_version_num();

    [DllImport(Library)]
    private static extern IntPtr BN_new();

    [DllImport(Library)]
    private static extern void BN_free(IntPtr a);

    [DllImport(Library)]
    private static extern void BN_clear_free(IntPtr a);

    [DllImport(Library)]
    private static extern void BN_set_flags(IntPtr a, int flags);

    [DllImport(Library)]
    private static extern IntPtr BN_bin2bn(ref byte s, int length, IntPtr ret);

    [DllImport(Library)]
    private static extern int BN_bn2binpad(IntPtr a, ref byte to, int length);

    [DllImport(Library)]
    private static extern IntPtr BN_CTX_new();

    [DllImport(Library)]
    private static extern void BN_CTX_free(IntPtr ctx);

    [DllImport(Library)]
    private static extern IntPtr BN_MONT_CTX_new();

    [DllImport(Library)]
    private static extern int BN_MONT_CTX_set(IntPtr montgomery, IntPtr modulus, IntPtr ctx);

    [DllImport(Library)]
    private static extern void BN_MONT_CTX_free(IntPtr montgomery);

    [DllImport(Library)]
    private static extern int BN_mod_exp_mont_consttime(IntPtr r, IntPtr a, IntPtr p, IntPtr m, IntPtr ctx, IntPtr montgomery);
}
