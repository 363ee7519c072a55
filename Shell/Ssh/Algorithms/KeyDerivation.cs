using System.Security.Cryptography;
using AsaEmu.Shell.Ssh.Wire;

namespace AsaEmu.Shell.Ssh.Algorithms;

/// <summary>
/// RFC 4253 §7.2: key = HASH(K || H || letter || session_id), extended by HASH(K || H || key so far)
/// until long enough. K is the shared secret already encoded as an mpint.
/// </summary>
internal sealed class KeyDerivation(HashAlgorithmName hash, byte[] sharedSecretMpint, byte[] exchangeHash, byte[] sessionId)
{
    public byte[] Derive(char letter, int length)
    {
        var key = new List<byte>(CryptographicOperations.HashData(hash,
            new SshWriter().WriteRaw(sharedSecretMpint).WriteRaw(exchangeHash).WriteByte((byte)letter).WriteRaw(sessionId).Span));
        while (key.Count < length)
        {
            var more = new SshWriter().WriteRaw(sharedSecretMpint).WriteRaw(exchangeHash).WriteRaw(key.ToArray());
            key.AddRange(CryptographicOperations.HashData(hash, more.Span));
        }
        return key.GetRange(0, length).ToArray();
    }
}
