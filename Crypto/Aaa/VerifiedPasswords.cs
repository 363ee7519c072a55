using System.Security.Cryptography;
using System.Text;
using AsaEmu.ConfigModel.Model;

namespace AsaEmu.Crypto.Aaa;

/// <summary>
/// The last password each local user logged in with, remembered as a SHA-256 digest bound to the
/// stored hash it matched. A 9.x password hash is PBKDF2-HMAC-SHA512 with 5000 iterations, about 3 ms
/// of CPU, and a headend in a reconnect storm checks the same few passwords again and again on its
/// control loop: a match here skips the PBKDF2. What is kept is no weaker than what memory holds anyway
/// (pre-shared keys and RADIUS secrets in the clear); a wrong password, a user not seen yet and a changed
/// password (a new stored hash) always take the full check. One entry per configured user at most.
/// </summary>
public sealed class VerifiedPasswords
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (PasswordHash Stored, byte[] Digest)> _byUser = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="password"/> is the one <paramref name="user"/> last logged in with against <paramref name="stored"/>.</summary>
    public bool Matches(string user, PasswordHash stored, string password)
    {
        lock (_gate)
            return _byUser.TryGetValue(user, out var seen) && seen.Stored == stored
                && CryptographicOperations.FixedTimeEquals(seen.Digest, Digest(stored, password));
    }

    /// <summary>Remembers a password that the full check accepted for <paramref name="stored"/>.</summary>
    public void Remember(string user, PasswordHash stored, string password)
    {
        lock (_gate) _byUser[user] = (stored, Digest(stored, password));
    }

    /// <summary>Forgets <paramref name="user"/>: the config no longer has the account.</summary>
    public void Forget(string user)
    {
        lock (_gate) _byUser.Remove(user);
    }

    private static byte[] Digest(PasswordHash stored, string password) =>
        SHA256.HashData(Encoding.UTF8.GetBytes($"{stored.Hash}\0{password}"));
}
