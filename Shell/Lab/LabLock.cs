namespace AsaEmu.Shell.Lab;

/// <summary>
/// One lab at a time on a machine: an exclusive lock (flock) on <c>/run/asaemu-lab.lock</c>. The
/// kernel drops it when the holder dies, even by SIGKILL, so a lab that finds the lock free but
/// its namespaces present knows they are left over and may remove them.
/// </summary>
public sealed class LabLock : IDisposable
{
    public const string Path = "/run/asaemu-lab.lock";
    private readonly FileStream _file;

    private LabLock(FileStream file) => _file = file;

    /// <summary>The lock, or null when another lab holds it.</summary>
    public static LabLock? TryAcquire()
    {
        try
        {
            // .NET takes flock(LOCK_EX | LOCK_NB) for FileShare.None on Unix.
            var file = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            file.SetLength(0);
            var pid = System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
            file.Write(pid);
            file.Flush();
            return new LabLock(file);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The PID written by the lab that holds the lock, if readable.</summary>
    public static string Holder()
    {
        try { return File.ReadAllText(Path).Trim(); }
        catch (IOException) { return "?"; }
        catch (UnauthorizedAccessException) { return "?"; }
    }

    public void Dispose()
    {
        try { File.Delete(Path); }
        catch (IOException) { }
        _file.Dispose();
    }
}
