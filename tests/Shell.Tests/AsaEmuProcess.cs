using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace AsaEmu.Shell.Tests;

/// <summary>The built asaemu executable run as a child process, as users and tools run it.</summary>
public static class AsaEmuProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "asaemu.dll");

    public static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    /// <summary>Stops a daemon the way an init system does: SIGTERM, then waits.</summary>
    public static void Stop(Process process)
    {
        if (process.HasExited) return;
        Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        if (!process.WaitForExit(10_000)) process.Kill(entireProcessTree: true);
    }
}

/// <summary>A child process's stderr read line by line as it comes, kept whole, with waits for a line.</summary>
public sealed partial class DaemonLog
{
    private readonly StringBuilder _text = new();
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Seen)> _waiters = [];

    public DaemonLog(Process process)
    {
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Add(e.Data); };
        process.BeginErrorReadLine();
    }

    /// <summary>Everything read so far (all of it once the process has exited and been waited for).</summary>
    public string Text { get { lock (_text) return _text.ToString(); } }

    private void Add(string line)
    {
        lock (_text)
        {
            _text.Append(line).Append('\n');
            for (var i = _waiters.Count - 1; i >= 0; i--)
                if (_waiters[i].Pattern.Match(line) is { Success: true } match)
                {
                    _waiters[i].Seen.TrySetResult(match);
                    _waiters.RemoveAt(i);
                }
        }
    }

    /// <summary>The first line that matches <paramref name="pattern"/>, seen already or to come (at most 60 s).</summary>
    public Task<Match> WaitForAsync(Regex pattern)
    {
        var seen = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_text)
        {
            foreach (var line in _text.ToString().Split('\n'))
                if (pattern.Match(line) is { Success: true } match) return Task.FromResult(match);
            _waiters.Add((pattern, seen));
        }
        return seen.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Where the daemon's <paramref name="server"/> (ssh, telnet) listens, from its log line.</summary>
    public async Task<IPEndPoint> ListeningAsync(string server)
    {
        var match = await WaitForAsync(new Regex($@"%ASAEMU-7: {server} server listening on (\S+)$"));
        return IPEndPoint.Parse(match.Groups[1].Value);
    }
}
