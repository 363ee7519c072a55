using System.Diagnostics;

namespace AsaEmu.Shell.Lab;

/// <summary>
/// The real vpnc of the lab, run in the client namespace by the appliance process (which owns it,
/// so <c>lab reconnect</c> can restart it). vpnc gets a session of its own (<c>setsid</c>: a Ctrl-C
/// meant for the console never reaches it), no terminal, and a private <c>/run</c> (its script keeps
/// state in /var/run/vpnc); its output goes to the lab's vpnc.log. It is stopped with SIGTERM, on
/// which vpnc sends its DELETEs and runs its script to remove tun0.
/// </summary>
public sealed class VpncClient(LabFiles files) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private Process? _process;
    private bool _stopping;

    /// <summary>Raised when vpnc exits by itself (not by <see cref="StopAsync"/>): exit code and the last lines of its log.</summary>
    public event Action<int, IReadOnlyList<string>>? ExitedOnItsOwn;

    public int? Pid { get { lock (_gate) return _process is { HasExited: false } p ? p.Id : null; } }

    public bool Running => Pid is not null;

    /// <summary>The exit code of the last vpnc that ended, or null.</summary>
    public int? LastExitCode { get; private set; }

    public int Start()
    {
        lock (_gate)
        {
            if (_process is { HasExited: false } running) return running.Id;
            var start = new ProcessStartInfo("setsid",
            [
                "ip", "netns", "exec", LabNetwork.ClientNamespace,
                // ip netns exec gives a mount namespace of its own: the bind stays private to vpnc.
                "sh", "-c", "mount --bind \"$0\" /run && exec \"$@\"", files.VpncRun,
                "vpnc", "--no-detach", "--non-inter", "--debug", "1", "--pid-file", "/run/vpnc.pid",
                "--script", $"sh '{files.VpncScript}'", files.VpncProfile,
            ])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["ASAEMU_LAB_ENVLOG"] = files.ScriptEnvironment;
            var process = new Process { StartInfo = start, EnableRaisingEvents = true };
            process.OutputDataReceived += (_, e) => Log(e.Data);
            process.ErrorDataReceived += (_, e) => Log(e.Data);
            process.Exited += (_, _) => OnExited(process);
            _stopping = false;
            process.Start();
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _process = process;
            Log($"--- asaemu lab: vpnc started (pid {process.Id}) ---");
            return process.Id;
        }
    }

    /// <summary>SIGTERM (vpnc says goodbye to the ASA), SIGKILL after <paramref name="grace"/>. True when one was running.</summary>
    public async Task<bool> StopAsync(TimeSpan grace)
    {
        Process? process;
        lock (_gate)
        {
            process = _process;
            if (process is null || process.HasExited) return false;
            _stopping = true;
        }
        LabProcesses.Signal(process.Id, LabProcesses.SigTerm);
        using var timeout = new CancellationTokenSource(grace);
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        return true;
    }

    /// <summary>The last <paramref name="count"/> lines of vpnc's log.</summary>
    public IReadOnlyList<string> Tail(int count)
    {
        lock (_gate)
        {
            try { return File.ReadAllLines(files.VpncLog).Where(l => l.Trim().Length > 0).TakeLast(count).ToList(); }
            catch (IOException) { return []; }
        }
    }

    private void Log(string? line)
    {
        if (line is null) return;
        lock (_gate)
        {
            try { File.AppendAllText(files.VpncLog, line + "\n"); }
            catch (IOException) { }
        }
    }

    private void OnExited(Process process)
    {
        bool onItsOwn;
        lock (_gate)
        {
            LastExitCode = process.ExitCode;
            onItsOwn = !_stopping && ReferenceEquals(process, _process);
        }
        // Let the output readers drain before the last lines are quoted.
        process.WaitForExit();
        Log($"--- asaemu lab: vpnc exited with code {process.ExitCode} ---");
        if (onItsOwn) ExitedOnItsOwn?.Invoke(process.ExitCode, Tail(6));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5));
        lock (_gate) _process?.Dispose();
    }
}
