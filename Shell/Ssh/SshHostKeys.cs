using System.Security.Cryptography;
using AsaEmu.Shell.Ssh.Algorithms;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace AsaEmu.Shell.Ssh;

/// <summary>
/// The server's host keys: one Ed25519 and one RSA 3072 key, read from the store or generated
/// once and saved there. The RSA key serves rsa-sha2-512 and rsa-sha2-256.
/// </summary>
internal sealed class SshHostKeys
{
    public const string Ed25519Name = "ssh_host_ed25519_key";
    public const string RsaName = "ssh_host_rsa_key";
    private const int RsaBits = 3072;

    private SshHostKeys(IReadOnlyList<IHostKeyAlgorithm> algorithms) => Algorithms = algorithms;

    /// <summary>In server preference order.</summary>
    public IReadOnlyList<IHostKeyAlgorithm> Algorithms { get; }

    public static SshHostKeys LoadOrCreate(IHostKeyStore store)
    {
        var ed25519 = LoadEd25519(store);
        var rsa = LoadRsa(store);
        return new SshHostKeys(
        [
            new Ed25519HostKey(ed25519),
            new RsaHostKey(rsa, "rsa-sha2-512", HashAlgorithmName.SHA512),
            new RsaHostKey(rsa, "rsa-sha2-256", HashAlgorithmName.SHA256),
        ]);
    }

    private static Ed25519PrivateKeyParameters LoadEd25519(IHostKeyStore store)
    {
        if (store.Load(Ed25519Name) is { } pem)
        {
            var der = PemEncoding.Find(pem) is var fields ? Convert.FromBase64String(pem[fields.Base64Data]) : [];
            return PrivateKeyFactory.CreateKey(der) as Ed25519PrivateKeyParameters
                ?? throw new InvalidDataException($"{Ed25519Name} is not an Ed25519 key");
        }
        var key = new Ed25519PrivateKeyParameters(new SecureRandom());
        var info = PrivateKeyInfoFactory.CreatePrivateKeyInfo(key).GetDerEncoded();
        store.Save(Ed25519Name, new string(PemEncoding.Write("PRIVATE KEY", info)) + "\n");
        return key;
    }

    private static RSA LoadRsa(IHostKeyStore store)
    {
        if (store.Load(RsaName) is { } pem)
        {
            var stored = RSA.Create();
            stored.ImportFromPem(pem);
            return stored;
        }
        var rsa = RSA.Create(RsaBits);
        store.Save(RsaName, rsa.ExportPkcs8PrivateKeyPem() + "\n");
        return rsa;
    }
}
