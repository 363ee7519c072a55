using System.Security.Cryptography;
using AsaEmu.Shell.Ssh.Wire;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace AsaEmu.Shell.Ssh.Algorithms;

/// <summary>curve25519-sha256 and its older name curve25519-sha256@libssh.org (RFC 8731), on BouncyCastle X25519.</summary>
internal sealed class Curve25519Sha256(string name) : IKeyExchangeAlgorithm
{
    private static readonly SecureRandom Random = new();

    public string Name { get; } = name;
    public HashAlgorithmName Hash => HashAlgorithmName.SHA256;

    public KexAgreement Agree(ReadOnlySpan<byte> clientValue)
    {
        if (clientValue.Length != X25519PublicKeyParameters.KeySize)
            throw new SshProtocolException(DisconnectReason.KeyExchangeFailed, "bad curve25519 public key length");
        var privateKey = new X25519PrivateKeyParameters(Random);
        var serverValue = privateKey.GeneratePublicKey().GetEncoded();
        var secret = new byte[X25519PrivateKeyParameters.SecretSize];
        try
        {
            privateKey.GenerateSecret(new X25519PublicKeyParameters(clientValue), secret);
        }
        catch (InvalidOperationException)
        {
            // An all-zero result (a low-order point) must be refused (RFC 8731 §3).
            throw new SshProtocolException(DisconnectReason.KeyExchangeFailed, "curve25519 agreement failed");
        }
        return new KexAgreement(serverValue, secret);
    }
}
