using System.Diagnostics;
using System.Globalization;

namespace AsaEmu.Shell.Lab;

/// <summary>What <c>asaemu lab</c> was asked for.</summary>
public sealed record LabOptions(LabScenario Scenario, string? Script);

/// <summary>
/// <c>asaemu lab</c>: checks the machine, builds the namespaces, runs the ASA inside its namespace
/// with the user's terminal as its console, and removes everything again: on <c>exit</c>, at the
/// end of a script, on SIGINT/SIGTERM/SIGHUP and when a step fails.
/// <para>
/// The ASA is a child process started with <c>ip netns exec</c> (this same program, <c>lab
/// appliance</c>), with stdin, stdout and stderr inherited. Entering the namespace in-process
/// with setns(2) is no option for .NET: setns changes only the calling thread, and the runtime
/// opens sockets and the TUN device from thread-pool threads that would stay in the host's
/// namespace. A child started in the namespace has every thread there from the start.
/// </para>
/// </summary>
public static class LabRunner
{
    public const int Failed = 2;

    public static int Run(LabOptions options, TextWriter error)
    {
        var missing = LabPrerequisites.Missing();
        if (missing.Count > 0)
        {
            error.WriteLine("asaemu lab: cannot run here, missing:");
            foreach (var line in missing) error.WriteLine($"  {line}");
            return Failed;
        }
        var script = options.Script is null ? null : Path.GetFullPath(options.Script);
        if (script is not null && !File.Exists(script))
        {
            error.WriteLine($"asaemu lab: no script file {script}");
            return Failed;
        }

        using var stop = new CancellationTokenSource();
        using var signals = LabSignals.OnTermination(stop);
        using var labLock = LabLock.TryAcquire();
        if (labLock is null)
        {
            error.WriteLine($"asaemu lab: another lab is running (pid {LabLock.Holder()}); one lab at a time");
            return Failed;
        }
        var topology = new LabTopology();
        var files = new LabFiles(LabNetwork.StateDirectory);
        try
        {
            if (LabTopology.Exists())
            {
                error.WriteLine("asaemu lab: removing what a lab that was killed left behind");
                topology.Down();
            }
            files.Delete();
            files.Write(options.Scenario);
            topology.Up();
            error.WriteLine($"asaemu lab: namespaces {string.Join(", ", LabNetwork.Namespaces)} are up; starting the ASA in {LabNetwork.AsaNamespace}");
            error.Flush();
            if (stop.IsCancellationRequested) return Failed;
            return RunAppliance(options, script, stop.Token, error);
        }
        catch (LabException e)
        {
            error.WriteLine($"asaemu lab: {e.Message}");
            return Failed;
        }
        finally
        {
            topology.Down();
            files.Delete();
            error.WriteLine("asaemu lab: removed its namespaces, processes and files");
            error.Flush();
        }
    }

    /// <summary>Runs the ASA in its namespace until it exits; on a signal asks it to stop (SIGTERM), then makes sure.</summary>
    private static int RunAppliance(LabOptions options, string? script, CancellationToken stop, TextWriter error)
    {
        var arguments = new List<string> { "netns", "exec", LabNetwork.AsaNamespace };
        arguments.AddRange(SelfCommand());
        arguments.AddRange(["lab", "appliance", "--state", LabNetwork.StateDirectory, "--scenario", options.Scenario.Name,
            "--parent", Environment.ProcessId.ToString(CultureInfo.InvariantCulture)]);
        if (script is not null) arguments.AddRange(["--script", script]);
        using var child = Process.Start(new ProcessStartInfo("ip", arguments) { UseShellExecute = false })
            ?? throw new LabException("cannot start the ASA");
        DateTime? killAt = null;
        while (!child.WaitForExit(100))
        {
            if (stop.IsCancellationRequested && killAt is null)
            {
                // ip netns exec execs the command: the child's PID is the ASA's.
                LabProcesses.Signal(child.Id, LabProcesses.SigTerm);
                killAt = DateTime.UtcNow.AddSeconds(15);
            }
            else if (DateTime.UtcNow > killAt)
            {
                error.WriteLine("asaemu lab: the ASA did not stop within 15 s; killing it");
                child.Kill(entireProcessTree: true);
            }
        }
        return stop.IsCancellationRequested && child.ExitCode == 0 ? 130 : child.ExitCode;
    }

    /// <summary>How to start this program again: the apphost alone, or dotnet with the assembly.</summary>
    private static IEnumerable<string> SelfCommand()
    {
        var path = Environment.ProcessPath ?? throw new LabException("cannot tell this program's path");
        if (Path.GetFileNameWithoutExtension(path) == "dotnet") return [path, typeof(LabRunner).Assembly.Location];
        return [path];
    }
}
