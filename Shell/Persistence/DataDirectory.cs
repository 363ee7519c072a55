using System.Security.Cryptography;

namespace AsaEmu.Shell.Persistence;

/// <summary>
/// The appliance's data directory (its <c>disk0:</c>), through which every file the appliance writes
/// goes: the startup-config (clear pre-shared keys), the SSH host keys (in <see cref="HostKeyDirectory"/>),
/// and what <c>copy /pcap</c> puts there (keys of live SAs). The directory is the owner's alone (0700;
/// one found open to others is tightened at once) and so is every file (0600).
/// A write never touches the target in place: it creates a temp file of a random name beside it
/// exclusively (O_CREAT|O_EXCL, which also refuses a link planted there), fsyncs it and renames it over
/// the target; rename(2) replaces a link at the target instead of following it. An interrupted write
/// leaves the old file or the new one whole, never a torn one.
/// </summary>
public sealed class DataDirectory
{
    /// <summary>rwx for the owner only.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>rw for the owner only.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The subdirectory of the SSH host keys, out of <c>disk0:/</c>'s reach.</summary>
    public const string HostKeyDirectory = "ssh";

    private const UnixFileMode OthersMode = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public DataDirectory(string path) => Path = System.IO.Path.GetFullPath(path);

    public string Path { get; }

    /// <summary>The directory of the SSH host keys inside this one.</summary>
    public DataDirectory HostKeys => new(System.IO.Path.Combine(Path, HostKeyDirectory));

    /// <summary>
    /// Makes the directory (and missing parents) 0700, or silently takes the group's and others' rights off
    /// an existing one (made by hand, or by a version that wrote 0755): it holds secrets, whoever made it.
    /// </summary>
    public void Ensure()
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Path);
            return;
        }
        if (!Directory.Exists(Path))
        {
            // Directory.CreateDirectory gives the mode to the last directory only: the missing parents first.
            var missing = new Stack<string>();
            for (var d = Path; d is not null && !Directory.Exists(d); d = System.IO.Path.GetDirectoryName(d)) missing.Push(d);
            while (missing.TryPop(out var d)) Directory.CreateDirectory(d, DirectoryMode);
            return;
        }
        var mode = File.GetUnixFileMode(Path);
        if ((mode & OthersMode) != 0) File.SetUnixFileMode(Path, mode & ~OthersMode);
    }

    /// <summary>The path of <paramref name="name"/>, a plain file name in this directory.</summary>
    public string PathOf(string name)
    {
        if (!IsPlainName(name)) throw new ArgumentException($"'{name}' is not a file name in {Path}", nameof(name));
        return System.IO.Path.Combine(Path, name);
    }

    /// <summary>A name of a file directly in the directory: not empty, no separator, not <c>.</c> or <c>..</c>.</summary>
    public static bool IsPlainName(string name) =>
        name.Length > 0 && name != "." && name != ".." && name.IndexOfAny(['/', '\\', '\0']) < 0;

    /// <summary>
    /// The appliance's own names, which a <c>copy</c> to disk0: must not replace: the startup-config, the
    /// host keys' directory, and hidden names (the temp files of <see cref="Write(string, Action{Stream})"/>
    /// are <c>.NAME.RANDOM.tmp</c>). Compared without case, as the ASA's flash file system does.
    /// </summary>
    public static bool IsReserved(string name) =>
        name.StartsWith('.')
        || name.Equals(FileConfigStore.FileName, StringComparison.OrdinalIgnoreCase)
        || name.Equals(HostKeyDirectory, StringComparison.OrdinalIgnoreCase);

    /// <summary>The text of <paramref name="name"/>, or null when there is no such file.</summary>
    public string? ReadText(string name)
    {
        var path = PathOf(name);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    /// <summary>Replaces <paramref name="name"/> with <paramref name="content"/> (see the class summary).</summary>
    public void Write(string name, ReadOnlySpan<byte> content)
    {
        var bytes = content.ToArray();
        Write(name, stream => stream.Write(bytes));
    }

    /// <summary>Replaces <paramref name="name"/> with what <paramref name="write"/> writes to the temp file.</summary>
    public void Write(string name, Action<Stream> write)
    {
        var target = PathOf(name);
        Ensure();
        var temp = System.IO.Path.Combine(Path, $".{name}.{RandomNumberGenerator.GetHexString(16, lowercase: true)}.tmp");
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileMode;
        // CreateNew: a file or link already at the temp name (none should be, with a random one) fails the write.
        var stream = new FileStream(temp, options);
        try
        {
            using (stream)
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
