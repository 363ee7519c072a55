using System.Numerics;
using System.Security.Cryptography;
using AsaEmu.Shell.Ssh.Wire;

namespace AsaEmu.Shell.Ssh.Algorithms;

/// <summary>diffie-hellman-group14-sha256 (RFC 8268): the 2048-bit MODP group 14 of RFC 3526, g = 2.</summary>
internal sealed class DiffieHellmanGroup14Sha256 : IKeyExchangeAlgorithm
{
    private static readonly BigInteger P = BigInteger.Parse(
        "00FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1" +
        "29024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
        "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245" +
        "E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
        "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D" +
        "C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F" +
        "83655D23DCA3AD961C62F356208552BB9ED529077096966D" +
        "670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
        "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9" +
        "DE2BCBF6955817183995497CEA956AE515D2261898FA0510" +
        "15728E5A8AACAA68FFFFFFFFFFFFFFFF",
        System.Globalization.NumberStyles.HexNumber);

    private static readonly BigInteger G = 2;

    public string Name => "diffie-hellman-group14-sha256";
    public HashAlgorithmName Hash => HashAlgorithmName.SHA256;

    public KexAgreement Agree(ReadOnlySpan<byte> clientValue)
    {
        if (clientValue.Length > 0 && (clientValue[0] & 0x80) != 0)
            throw new SshProtocolException(DisconnectReason.KeyExchangeFailed, "negative DH value");
        var e = new BigInteger(clientValue, isUnsigned: true, isBigEndian: true);
        if (e <= BigInteger.One || e >= P - BigInteger.One)
            throw new SshProtocolException(DisconnectReason.KeyExchangeFailed, "DH value out of range");

        // A 512-bit private exponent: well above twice the group's ~112-bit strength.
        var yBytes = RandomNumberGenerator.GetBytes(64);
        var y = new BigInteger(yBytes, isUnsigned: true, isBigEndian: true);
        var f = BigInteger.ModPow(G, y, P);
        var k = BigInteger.ModPow(e, y, P);
        return new KexAgreement(
            MpintBody(f),
            k.ToByteArray(isUnsigned: true, isBigEndian: true));
    }

    /// <summary>The bytes of an mpint without its length: two's complement, minimal.</summary>
    private static byte[] MpintBody(BigInteger value) =>
        value.IsZero ? [] : value.ToByteArray(isUnsigned: false, isBigEndian: true);
}
