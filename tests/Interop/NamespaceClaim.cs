using System.Runtime.InteropServices;

namespace AsaEmu.Interop;

/// <summary>
/// A topology's namespaces have fixed names (the kit's cli, hub, lan and the tests' l2lnat; a
/// <see cref="SitePair"/>'s), so one such topology at a time per machine. A claim is an exclusive
/// <c>flock(2)</c> on a file in the temp directory (<c>flock(1)</c> on the same file waits for it too),
/// which the kernel releases when its holder ends, however it ends. Whoever holds the claim and still
/// finds the namespaces finds what a run killed mid-test left behind: it removes them and the processes
/// in them, instead of waiting for an owner that is gone.
/// </summary>
public sealed class NamespaceClaim : IDisposable
{
    private static readonly string[] KitNamespaces = ["cli", "hub", "lan", NatNamespace.Name];

    // open(2) and flock(2) as Linux has them (x86-64 and arm64 alike).
    private const int ReadWrite = 0x2, Create = 0x40, CloseOnExec = 0x80000, Mode0644 = 0x1A4, LockExclusive = 2, Interrupted = 4;

    private int _fd;

    private NamespaceClaim(int fd) => _fd = fd;

    /// <summary>The kit's namespaces (see <see cref="Take(string, IReadOnlyList{string})"/>).</summary>
    public static NamespaceClaim TakeKit() => Take("asaemu-interop.lock", KitNamespaces);

    /// <summary>
    /// Waits for another run's claim on <paramref name="lockFile"/> (in the temp directory) to end (up to 4 minutes,
    /// under the 5-minute hang timeout), then clears leftovers of <paramref name="namespaces"/>.
    /// </summary>
    public static NamespaceClaim Take(string lockFile, IReadOnlyList<string> namespaces)
    {
        lockFile = Path.Combine(Path.GetTempPath(), lockFile);
        var fd = open(lockFile, ReadWrite | Create | CloseOnExec, Mode0644);
        if (fd < 0) throw new IOException($"cannot open {lockFile}: errno {Marshal.GetLastPInvokeError()}");
        // A blocking flock: the kernel wakes it when the other run's claim ends.
        var locking = Task.Factory.StartNew(() => Lock(fd), TaskCreationOptions.LongRunning);
        if (!locking.Wait(TimeSpan.FromMinutes(4)))
        {
            // The lock, should it still come, goes back at once.
            locking.ContinueWith(_ => close(fd), TaskScheduler.Default);
            throw new InvalidOperationException($"another run held {lockFile} for 4 minutes");
        }
        var claim = new NamespaceClaim(fd);
        try
        {
            if (locking.Result != 0) throw new IOException($"cannot lock {lockFile}: errno {locking.Result}");
            RemoveLeftovers(namespaces);
            return claim;
        }
        catch
        {
            claim.Dispose();
            throw;
        }
    }

    /// <summary>flock(fd, LOCK_EX), again after a signal; 0 or the errno.</summary>
    private static int Lock(int fd)
    {
        while (true)
        {
            if (flock(fd, LockExclusive) == 0) return 0;
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Interrupted) return errno;
        }
    }

    /// <summary>Namespaces present while nobody else holds the claim belong to no running test.</summary>
    private static void RemoveLeftovers(IReadOnlyList<string> namespaces)
    {
        foreach (var ns in namespaces.Where(ns => File.Exists(Path.Combine("/run/netns", ns))))
        {
            Console.Error.WriteLine($"interop: netns {ns} was left behind by an earlier run; removing it");
            foreach (var pid in Probe.Run(["ip", "netns", "pids", ns]).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                Probe.Run(["kill", "-KILL", pid]);
            var (code, output) = Probe.Run(["ip", "netns", "del", ns]);
            if (code != 0) throw new InvalidOperationException($"ip netns del {ns}: {output}");
            try { Directory.Delete(Path.Combine("/etc/netns", ns), recursive: true); } catch (IOException) { }
        }
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) close(fd);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", SetLastError = true)]
    private static extern int flock(int fd, int operation);

    [DllImport("libc")]
    private static extern int close(int fd);
}
