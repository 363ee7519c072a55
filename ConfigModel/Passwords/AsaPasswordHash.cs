using System.Security.Cryptography;
using System.Text;
using AsaEmu.ConfigModel.Model;

namespace AsaEmu.ConfigModel.Passwords;

/// <summary>
/// The ASA's password hashes (reference §1.8). Since 9.7(1) a password typed in clear for
/// <c>username</c> or <c>enable password</c> is stored as PBKDF2-HMAC-SHA512 and shown
/// <c>$sha512$5000$SALT$HASH pbkdf2</c>: 5000 iterations, a random 16-byte salt, the first 16 bytes
/// of the derived key, both in standard Base64 with padding [S: the format documented with the
/// cisco-hashgen tool and in BrettVerney/ciscoPWDhasher issue 3, checked against the 9.12(4) device
/// capture <c>username oxidized password $sha512$5000$...== pbkdf2</c>]. Older configs carry the MD5
/// forms shown with <c>encrypted</c>: PIX-MD5 for <c>enable password</c>/<c>passwd</c>, ASA-MD5
/// (salted with the username) for <c>username</c>; both still load and verify. <c>passwd</c> stays PIX-MD5.
/// </summary>
public static class AsaPasswordHash
{
    private const string Alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public const string Pbkdf2Format = "pbkdf2";
    public const string Md5Format = "encrypted";
    public const int Pbkdf2Iterations = 5000;
    public const int SaltBytes = 16;
    private const int DerivedBytes = 16;
    private const string Pbkdf2Prefix = "$sha512$";

    /// <summary>PIX-MD5: MD5 of the password NUL-padded to 16 bytes. <c>""</c> gives <c>8Ry2YjIyt7RRXU24</c>.</summary>
    public static string Pix(string password) => Encode(Padded(Encoding.UTF8.GetBytes(password), 16));

    /// <summary>
    /// ASA-MD5: as PIX-MD5 over the password followed by the first four characters of the
    /// username, padded to 16 bytes, or to 32 when longer than 16.
    /// </summary>
    public static string Asa(string username, string password)
    {
        var salted = Encoding.UTF8.GetBytes(password + username[..Math.Min(4, username.Length)]);
        return Encode(Padded(salted, salted.Length > 16 ? 32 : 16));
    }

    /// <summary><c>$sha512$5000$SALT$HASH</c>: PBKDF2-HMAC-SHA512 of <paramref name="password"/> (UTF-8) with <paramref name="salt"/>.</summary>
    public static string Pbkdf2(string password, ReadOnlySpan<byte> salt, int iterations = Pbkdf2Iterations)
    {
        var derived = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, DerivedBytes);
        return $"{Pbkdf2Prefix}{iterations.ToString(System.Globalization.CultureInfo.InvariantCulture)}${Convert.ToBase64String(salt)}${Convert.ToBase64String(derived)}";
    }

    /// <summary>A new password as 9.x stores it: PBKDF2 with a salt from <paramref name="salt"/>, shown with <c>pbkdf2</c>.</summary>
    public static PasswordHash NewPbkdf2(string password, SaltSource salt)
    {
        Span<byte> bytes = stackalloc byte[SaltBytes];
        salt(bytes);
        return new PasswordHash(Pbkdf2(password, bytes), Pbkdf2Format);
    }

    /// <summary>True when <paramref name="password"/> matches a stored PIX or ASA MD5 hash (the <c>encrypted</c> form).</summary>
    public static bool Verify(string? username, string password, string hash) =>
        hash == Pix(password) || (username is not null && hash == Asa(username, password));

    /// <summary>
    /// True when <paramref name="password"/> matches <paramref name="stored"/>, in either form: <c>pbkdf2</c>
    /// (any iteration count the hash names, at most 100,000, so a pasted hash cannot stall a login) or <c>encrypted</c>.
    /// </summary>
    public static bool Verify(string? username, string password, PasswordHash stored) => stored.Format switch
    {
        Pbkdf2Format => VerifyPbkdf2(password, stored.Hash),
        Md5Format => Verify(username, password, stored.Hash),
        _ => false,
    };

    private static bool VerifyPbkdf2(string password, string hash)
    {
        // $sha512$<iterations>$<salt>$<hash>
        var parts = hash.Split('$');
        if (parts.Length != 5 || parts[0].Length != 0 || parts[1] != "sha512") return false;
        if (!int.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var iterations)
            || iterations is < 1 or > 100_000) return false;
        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[3]);
            expected = Convert.FromBase64String(parts[4]);
        }
        catch (FormatException)
        {
            return false;
        }
        if (expected.Length is 0 or > 64) return false;
        var derived = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, expected.Length);
        return CryptographicOperations.FixedTimeEquals(derived, expected);
    }

    private static byte[] Padded(byte[] input, int size)
    {
        var buffer = new byte[Math.Max(size, input.Length)];
        input.CopyTo(buffer, 0);
        return buffer.Length == size ? buffer : buffer[..size];
    }

    private static string Encode(byte[] message)
    {
        var digest = MD5.HashData(message);
        var text = new StringBuilder(16);
        for (var i = 0; i < 16; i += 4)
        {
            // Low 24 bits of each little-endian word, six bits at a time, least significant first.
            var word = digest[i] | (digest[i + 1] << 8) | (digest[i + 2] << 16);
            for (var j = 0; j < 4; j++) text.Append(Alphabet[(word >> (6 * j)) & 0x3F]);
        }
        return text.ToString();
    }
}
