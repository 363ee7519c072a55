namespace AsaEmu.Interop;

/// <summary>
/// A topology's namespaces have fixed names (the kit's cli, hub, lan and the tests' l2lnat; a
/// <see cref="SitePair"/>'s), so one such topology at a time per machine. A claim is an exclusive lock
/// on a file in the temp directory (an advisory flock: .NET takes one for <see cref="FileShare.None"/>,
/// and <c>flock(1)</c> on the same file waits for it), which the kernel releases when its holder ends,
/// however it ends. Whoever holds the claim and still finds the namespaces finds what a run killed
/// mid-test left behind: it removes them and the processes in them, instead of waiting for an owner
/// that is gone.
/// </summary>
public sealed class NamespaceClaim : IDisposable
{
    private static readonly string[] KitNamespaces = ["cli", "hub", "lan", NatNamespace.Name];

    private readonly FileStream _lock;

    private NamespaceClaim(FileStream held) => _lock = held;

    /// <summary>The kit's namespaces (see <see cref="Take(string, IReadOnlyList{string})"/>).</summary>
    public static NamespaceClaim TakeKit() => Take("asaemu-interop.lock", KitNamespaces);

    /// <summary>
    /// Waits for another run's claim on <paramref name="lockFile"/> (in the temp directory) to end (up to 4 minutes,
    /// under the 5-minute hang timeout), then clears leftovers of <paramref name="namespaces"/>.
    /// </summary>
    public static NamespaceClaim Take(string lockFile, IReadOnlyList<string> namespaces)
    {
        lockFile = Path.Combine(Path.GetTempPath(), lockFile);
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (true)
        {
            try
            {
                var held = new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                RemoveLeftovers(namespaces);
                return new NamespaceClaim(held);
            }
            catch (IOException) when (DateTime.UtcNow < until)
            {
                // Another run on this machine holds the kit; its tests end within the hang timeout.
                Thread.Sleep(500);
            }
            catch (IOException e)
            {
                throw new InvalidOperationException($"another run held {lockFile} for 4 minutes", e);
            }
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

    public void Dispose() => _lock.Dispose();
}
