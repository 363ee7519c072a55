using System.Diagnostics;
using System.Globalization;

namespace AsaEmu.Shell.Lab;

/// <summary>Small process helpers of the lab: run a tool, signal a PID, list a namespace's PIDs.</summary>
public static class LabProcesses
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    /// <summary>Sends signal number <paramref name="signal"/> to <paramref name="pid"/> (with kill(1)); false when it is gone.</summary>
    public static bool Signal(int pid, int signal)
    {
        if (pid <= 0) return false;
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardError = true,
        });
        if (kill is null) return false;
        kill.StandardError.ReadToEnd();
        kill.WaitForExit();
        return kill.ExitCode == 0;
    }

    /// <summary>The process exists and is not a zombie.</summary>
    public static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0] != "Z";
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    /// <summary>Runs a tool to the end and returns its exit code and its stdout and stderr together.</summary>
    public static (int Code, string Output) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        using var process = new Process { StartInfo = start };
        var stdout = new System.Text.StringBuilder();
        var stderr = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.Append(e.Data).Append('\n'); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.Append(e.Data).Append('\n'); };
        if (!process.Start()) throw new LabException($"cannot start {file}");
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(30_000))
        {
            process.Kill(entireProcessTree: true);
            throw new LabException($"{file} {string.Join(' ', arguments)}: no answer within 30 s");
        }
        process.WaitForExit(); // the output read to its end
        lock (stdout) lock (stderr) return (process.ExitCode, stdout.ToString() + stderr);
    }

    /// <summary>Runs a tool that must succeed.</summary>
    public static void Must(string file, params string[] arguments)
    {
        var (code, output) = Run(file, arguments);
        if (code != 0) throw new LabException($"{file} {string.Join(' ', arguments)} failed ({code}): {output.Trim()}");
    }

    /// <summary>The PIDs of the processes in network namespace <paramref name="ns"/> (none when it does not exist).</summary>
    public static IReadOnlyList<int> InNamespace(string ns)
    {
        if (!File.Exists(Path.Combine("/run/netns", ns))) return [];
        var (code, output) = Run("ip", "netns", "pids", ns);
        if (code != 0) return [];
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && pid != Environment.ProcessId).ToList();
    }

    /// <summary>SIGTERM, up to <paramref name="grace"/> to exit, then SIGKILL.</summary>
    public static void Stop(IReadOnlyCollection<int> pids, TimeSpan grace)
    {
        foreach (var pid in pids) Signal(pid, SigTerm);
        var until = DateTime.UtcNow + grace;
        while (pids.Any(Alive) && DateTime.UtcNow < until) Thread.Sleep(50);
        foreach (var pid in pids.Where(Alive)) Signal(pid, SigKill);
        until = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        while (pids.Any(Alive) && DateTime.UtcNow < until) Thread.Sleep(50);
    }

    /// <summary>The parent PID of this process (field 4 of /proc/self/stat).</summary>
    public static int ParentPid()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (IOException) { return 0; }
    }
}

/// <summary>The lab could not do a step; the message says which and why.</summary>
public sealed class LabException(string message) : Exception(message);
