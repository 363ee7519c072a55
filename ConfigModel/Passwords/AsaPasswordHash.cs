using System.Security.Cryptography;
using System.Text;

namespace AsaEmu.ConfigModel.Passwords;

/// <summary>
/// The ASA's password hashes as shown with <c>encrypted</c> (reference §1.8): PIX-MD5 for
/// <c>enable password</c>/<c>passwd</c>, ASA-MD5 (salted with the username) for <c>username</c>.
/// </summary>
public static class AsaPasswordHash
{
    private const string Alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

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

    /// <summary>True when <paramref name="password"/> matches a stored PIX or ASA hash.</summary>
    public static bool Verify(string? username, string password, string hash) =>
        hash == Pix(password) || (username is not null && hash == Asa(username, password));

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
