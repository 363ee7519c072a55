using System.Diagnostics;

namespace AsaEmu.Interop;

/// <summary>
/// A test that runs real clients in the interop kit's network namespaces. It is skipped, with the
/// reason, where the machine cannot run it (not root, no /dev/net/tun, the kit's packages not
/// installed); in CI a skip counts as a failure, so CI installs them.
/// </summary>
public sealed class KitFactAttribute : FactAttribute
{
    public KitFactAttribute()
    {
        if (Kit.MissingPrerequisite() is { } reason) Skip = reason;
    }
}

/// <summary>A kit fact that also watches the wire with tcpdump (in netns cli).</summary>
public sealed class KitTcpdumpFactAttribute : FactAttribute
{
    public KitTcpdumpFactAttribute()
    {
        Skip = Kit.MissingPrerequisite() ?? (Kit.Which("tcpdump") is null ? "needs tcpdump (apt-get install tcpdump) to watch the wire" : null);
    }
}

/// <summary>A theory over real clients, skipped where the kit cannot run (see <see cref="KitFactAttribute"/>).</summary>
public sealed class KitTheoryAttribute : TheoryAttribute
{
    public KitTheoryAttribute()
    {
        if (Kit.MissingPrerequisite() is { } reason) Skip = reason;
    }
}

/// <summary>The interop kit copied beside the tests (from shared/interop), and how to run its scripts.</summary>
public static class Kit
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "kit");

    public static string? MissingPrerequisite()
    {
        if (!Environment.IsPrivilegedProcess) return "needs root: network namespaces, TUN devices and UDP 500";
        if (!File.Exists("/dev/net/tun")) return "needs /dev/net/tun";
        foreach (var tool in new[] { "vpnc", "ip", "ping" })
            if (Which(tool) is null) return $"needs {tool}: run tests/Interop/kit/install.sh (Debian packages vpnc, iproute2, iputils-ping)";
        return null;
    }

    /// <summary>Where <paramref name="tool"/> is installed, or null.</summary>
    public static string? Which(string tool) =>
        new[] { "/usr/sbin", "/usr/bin", "/sbin", "/bin" }.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);

    /// <summary>Runs a kit script (with bash: the copies may lack their exec bits) and returns its exit code and output.</summary>
    public static (int Code, string Output) Run(string script, string argument, IReadOnlyDictionary<string, string> environment, int timeoutSeconds = 120)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Dir, script), argument])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Dir,
        };
        foreach (var (k, v) in environment) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeoutSeconds} s\n{stdout.Result}{stderr.Result}");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
