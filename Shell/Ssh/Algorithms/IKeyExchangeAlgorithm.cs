using System.Security.Cryptography;

namespace AsaEmu.Shell.Ssh.Algorithms;

/// <summary>
/// The server half of one key exchange method (RFC 4253 §8, RFC 5656 §4, RFC 8731): takes the
/// client's ephemeral value from SSH_MSG_KEXDH_INIT / SSH_MSG_KEX_ECDH_INIT and returns the
/// server's value and the shared secret.
/// </summary>
internal interface IKeyExchangeAlgorithm
{
    string Name { get; }
    HashAlgorithmName Hash { get; }

    /// <param name="clientValue">The content of the client's string (Q_C) or mpint (e).</param>
    /// <exception cref="Wire.SshProtocolException">The client's value is invalid.</exception>
    KexAgreement Agree(ReadOnlySpan<byte> clientValue);
}

/// <param name="ServerValue">Q_S (or the mpint f without its length), sent and hashed as a string.</param>
/// <param name="SharedSecret">K as an unsigned big-endian number, hashed and used as an mpint.</param>
internal sealed record KexAgreement(byte[] ServerValue, byte[] SharedSecret);
