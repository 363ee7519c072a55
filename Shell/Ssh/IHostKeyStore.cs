namespace AsaEmu.Shell.Ssh;

/// <summary>
/// Where the server keeps its host keys, so that clients see the same keys after a restart.
/// Keys are PKCS#8 PEM text under a name such as <c>ssh_host_ed25519_key</c>.
/// </summary>
public interface IHostKeyStore
{
    /// <summary>The PEM text stored under <paramref name="name"/>, or null when there is none yet.</summary>
    string? Load(string name);

    void Save(string name, string pem);
}

/// <summary>
/// Host keys as files in a directory of their own (<see cref="Persistence.DataDirectory.HostKeys"/>),
/// written as every file of the data directory is: owner-only, through a temp file of a random name.
/// </summary>
public sealed class FileHostKeyStore(string directory) : IHostKeyStore
{
    private readonly Persistence.DataDirectory _directory = new(directory);

    public string Directory => _directory.Path;

    public string? Load(string name) => _directory.ReadText(name);

    public void Save(string name, string pem) => _directory.Write(name, System.Text.Encoding.UTF8.GetBytes(pem));
}

/// <summary>Host keys kept in memory (tests; an appliance without a data directory).</summary>
public sealed class MemoryHostKeyStore : IHostKeyStore
{
    private readonly Dictionary<string, string> _keys = [];

    public string? Load(string name)
    {
        lock (_keys)
            return _keys.GetValueOrDefault(name);
    }

    public void Save(string name, string pem)
    {
        lock (_keys)
            _keys[name] = pem;
    }
}
