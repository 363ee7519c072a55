using AsaEmu.Shell.Ssh.Wire;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace AsaEmu.Shell.Ssh.Algorithms;

/// <summary>ssh-ed25519 (RFC 8709) on BouncyCastle Ed25519.</summary>
internal sealed class Ed25519HostKey : IHostKeyAlgorithm
{
    private readonly Ed25519PrivateKeyParameters _key;

    public Ed25519HostKey(Ed25519PrivateKeyParameters key)
    {
        _key = key;
        PublicKeyBlob = new SshWriter().WriteString(Name).WriteString(key.GeneratePublicKey().GetEncoded()).ToArray();
    }

    public string Name => "ssh-ed25519";
    public byte[] PublicKeyBlob { get; }

    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, _key);
        signer.BlockUpdate(data);
        return new SshWriter().WriteString(Name).WriteString(signer.GenerateSignature()).ToArray();
    }
}
