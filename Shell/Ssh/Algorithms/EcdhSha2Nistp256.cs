using System.Security.Cryptography;
using AsaEmu.Shell.Ssh.Wire;

namespace AsaEmu.Shell.Ssh.Algorithms;

/// <summary>ecdh-sha2-nistp256 (RFC 5656 §4) on .NET ECDiffieHellman; points are uncompressed (0x04 || X || Y).</summary>
internal sealed class EcdhSha2Nistp256 : IKeyExchangeAlgorithm
{
    private const int Coordinate = 32;

    public string Name => "ecdh-sha2-nistp256";
    public HashAlgorithmName Hash => HashAlgorithmName.SHA256;

    public KexAgreement Agree(ReadOnlySpan<byte> clientValue)
    {
        if (clientValue.Length != 1 + 2 * Coordinate || clientValue[0] != 0x04)
            throw new SshProtocolException(DisconnectReason.KeyExchangeFailed, "bad nistp256 public key");
        using var server = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        ECDiffieHellman client;
        try
        {
            client = ECDiffieHellman.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint
                {
                    X = clientValue.Slice(1, Coordinate).ToArray(),
                    Y = clientValue.Slice(1 + Coordinate, Coordinate).ToArray(),
                },
            });
        }
        catch (CryptographicException)
        {
            throw new SshProtocolException(DisconnectReason.KeyExchangeFailed, "nistp256 public key not on the curve");
        }
        using (client)
        {
            var q = server.ExportParameters(false).Q;
            var serverValue = new byte[1 + 2 * Coordinate];
            serverValue[0] = 0x04;
            q.X!.CopyTo(serverValue, 1);
            q.Y!.CopyTo(serverValue, 1 + Coordinate);
            var secret = server.DeriveRawSecretAgreement(client.PublicKey);
            return new KexAgreement(serverValue, secret);
        }
    }
}
