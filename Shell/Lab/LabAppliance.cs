using System.Runtime.InteropServices;
using System.Text;
using AsaEmu.Shell.Core;
using AsaEmu.Shell.Events;
using AsaEmu.Shell.Hosting;
using AsaEmu.Shell.Persistence;
using AsaEmu.Shell.Sessions;
using AsaEmu.Shell.Transports;

namespace AsaEmu.Shell.Lab;

/// <summary>What <c>asaemu lab appliance</c> (started by the lab, inside the ASA namespace) is given.</summary>
public sealed record LabApplianceOptions(string StateDirectory, LabScenario Scenario, string? Script, int ParentPid);

/// <summary>
/// The ASA of the lab. It runs in the lab's ASA namespace, where the outside and inside addresses
/// exist, so the IKE and ESP services start as they would on a host with those interfaces. Its
/// console is the user's terminal (or the <c>--script</c> file), privileged, with the debugs at
/// 127; it starts vpnc once IKE listens and stops it (vpnc says goodbye) before it exits.
/// </summary>
public static class LabAppliance
{
    public static readonly string[] DebugCommands = ["debug crypto isakmp 127", "debug crypto ipsec 127"];

    public static async Task<int> RunAsync(LabApplianceOptions options, TextWriter error)
    {
        using var stop = new CancellationTokenSource();
        using var signals = LabSignals.OnTermination(stop);
        var files = new LabFiles(options.StateDirectory);
        var (appliance, load) = Appliance.Boot(File.ReadAllText(files.Config), new FileConfigStore(files.Data), TimeProvider.System);
        ApplianceHost.ReportLoad(files.Config, load, error, appliance.Events);
        using var log = ApplianceHost.LogTo(appliance, error, everything: false);
        await using var vpn = VpnHost.Start(appliance, LabNetwork.Tun);
        if (vpn is not { Listening.Count: > 0 } || appliance.Esp is null)
        {
            await log.WaitIdleAsync();
            error.WriteLine($"asaemu lab: IKE or ESP did not start in netns {LabNetwork.AsaNamespace} (see above)");
            return ApplianceHost.CannotStart;
        }
        error.Flush();

        _ = WatchParentAsync(options.ParentPid, stop);
        await using var vpnc = new VpncClient(files);
        var lab = new LabContext(appliance, vpnc, options.Scenario, files);
        using var console = SessionMonitor.Open(appliance, OpenTerminal(options.Script), console: true, exec: LabCommands.Grammar(lab));
        var session = console.Session;
        session.Privilege = 15;
        vpnc.ExitedOnItsOwn += (code, tail) =>
        {
            List<string> lines = [$"%LAB: vpnc exited with code {code}; the end of its log:", .. tail.Select(line => "%LAB:   " + line),
                "%LAB: 'lab connect' starts it again"];
            // From vpnc's watcher, not the session: written as event lines are.
            _ = console.WriteOutOfBandAsync(lines).AsTask();
        };

        session.WriteLines(lab.Banner());
        foreach (var command in DebugCommands)
        {
            session.Write(session.Prompt + command + "\r\n");
            await session.ExecuteAsync(command, stop.Token);
        }
        if (options.Scenario.Site)
        {
            var peer = await new LabPeerAsa(files).StartAsync(stop.Token);
            session.WriteLine($"%LAB: site B started in netns {LabNetwork.ClientNamespace} (pid {peer}, its log {files.PeerLog}): " +
                $"'ping inside {LabNetwork.SiteBHost}' brings the tunnel up");
        }
        else
        {
            session.WriteLine($"%LAB: vpnc started in netns {LabNetwork.ClientNamespace} (pid {vpnc.Start()}): it connects to {LabNetwork.AsaOutside} now");
        }
        await session.FlushAsync(stop.Token);

        await session.RunAsync(stop.Token, greet: false);
        // After the prompt the end of input left on its line.
        session.WriteLine();
        session.WriteLine(stop.IsCancellationRequested ? "%LAB: stopped by a signal; leaving the lab"
            : options.Script is not null ? "%LAB: end of the script; leaving the lab" : "%LAB: leaving the lab");
        if (await vpnc.StopAsync(TimeSpan.FromSeconds(5))) session.WriteLine("%LAB: vpnc disconnected");
        // The teardown's debug lines, then the last word.
        await Task.Delay(300, CancellationToken.None);
        await console.WaitIdleAsync();
        await session.FlushAsync(CancellationToken.None);
        return 0;
    }

    /// <summary>The user's terminal, or the script file read line by line (echoed, like a piped console) with output on stdout.</summary>
    private static ITerminal OpenTerminal(string? script)
    {
        if (script is null) return ConsoleTerminal.OpenStandard();
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        var output = new StreamWriter(Console.OpenStandardOutput(), utf8) { AutoFlush = false, NewLine = "\r\n" };
        return new ConsoleTerminal(new StreamReader(script, utf8), output, keys: false);
    }

    /// <summary>Leaves the lab when the process that made it is gone (killed), so nothing waits on a dead lab.</summary>
    private static async Task WatchParentAsync(int parent, CancellationTokenSource stop)
    {
        if (parent <= 0) return;
        while (!stop.IsCancellationRequested)
        {
            if (LabProcesses.ParentPid() != parent)
            {
                await stop.CancelAsync();
                return;
            }
            try { await Task.Delay(500, stop.Token); }
            catch (OperationCanceledException) { return; }
        }
    }
}

/// <summary>SIGINT, SIGTERM and SIGHUP end the lab in order (its clean-up runs) instead of killing the process.</summary>
public static class LabSignals
{
    public static IDisposable OnTermination(CancellationTokenSource stop)
    {
        var registrations = new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }
            .Select(s => PosixSignalRegistration.Create(s, context =>
            {
                context.Cancel = true;
                try { stop.Cancel(); }
                catch (ObjectDisposedException) { }
            }))
            .ToList();
        return new Registrations(registrations);
    }

    private sealed class Registrations(List<PosixSignalRegistration> registrations) : IDisposable
    {
        public void Dispose() => registrations.ForEach(r => r.Dispose());
    }
}
