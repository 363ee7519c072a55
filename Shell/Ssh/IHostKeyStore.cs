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

/// <summary>Host keys as files in a data directory, readable by the owner only.</summary>
public sealed class FileHostKeyStore(string directory) : IHostKeyStore
{
    public string Directory { get; } = directory;

    public string? Load(string name)
    {
        var path = PathOf(name);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    public void Save(string name, string pem)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = PathOf(name);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
            writer.Write(pem);
        File.Move(temporary, path, overwrite: true);
    }

    private string PathOf(string name)
    {
        if (name.Length == 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains(".."))
            throw new ArgumentException($"bad host key name '{name}'", nameof(name));
        return Path.Combine(Directory, name);
    }
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
