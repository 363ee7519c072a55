using System.Security.Cryptography;
using AsaEmu.Shell.Ssh.Wire;

namespace AsaEmu.Shell.Ssh.Algorithms;

/// <summary>rsa-sha2-256 / rsa-sha2-512 (RFC 8332) on .NET RSA: an <c>ssh-rsa</c> key, PKCS#1 v1.5 signatures.</summary>
internal sealed class RsaHostKey : IHostKeyAlgorithm
{
    private readonly RSA _rsa;
    private readonly HashAlgorithmName _hash;

    public RsaHostKey(RSA rsa, string name, HashAlgorithmName hash)
    {
        _rsa = rsa;
        _hash = hash;
        Name = name;
        var parameters = rsa.ExportParameters(false);
        PublicKeyBlob = new SshWriter().WriteString("ssh-rsa")
            .WriteMpint(parameters.Exponent).WriteMpint(parameters.Modulus).ToArray();
    }

    public string Name { get; }
    public byte[] PublicKeyBlob { get; }

    public byte[] Sign(ReadOnlySpan<byte> data) =>
        new SshWriter().WriteString(Name)
            .WriteString(_rsa.SignData(data.ToArray(), _hash, RSASignaturePadding.Pkcs1)).ToArray();
}
