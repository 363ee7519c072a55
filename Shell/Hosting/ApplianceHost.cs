using AsaEmu.ConfigModel.Loading;
using AsaEmu.Shell.Core;
using AsaEmu.Shell.DefaultConfig;
using AsaEmu.Shell.Events;
using AsaEmu.Shell.Persistence;
using AsaEmu.Shell.Sessions;
using AsaEmu.Shell.Transports;

using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Ike;

namespace AsaEmu.Shell.Hosting;

/// <summary>
/// Runs the appliance for the root command: picks the startup-config, boots, reports what the
/// config could not load on stderr, then serves telnet (<c>--telnet</c>) and the console (or waits for a signal with
/// <c>--no-console</c>).
/// </summary>
public static class ApplianceHost
{
    public const int CannotStart = 2;

    public static async Task<int> RunAsync(RunOptions options, TextWriter error, CancellationToken cancel)
    {
        // A fault after SIGTERM would reach System.CommandLine, which reports any fault of a
        // cancelled action as exit code 143 and hides it: say what it was.
        try
        {
            return await RunUntilStoppedAsync(options, error, cancel);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception e) when (cancel.IsCancellationRequested)
        {
            error.WriteLine($"asaemu: while stopping: {e}");
            error.Flush();
            return 1;
        }
    }

    private static async Task<int> RunUntilStoppedAsync(RunOptions options, TextWriter error, CancellationToken cancel)
    {
        var store = new FileConfigStore(options.DataDirectory);
        string text, source;
        try
        {
            // The data directory holds clear pre-shared keys and the SSH host keys: the owner's alone.
            store.Data.Ensure();
            (text, source) = StartupText(options, store);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"asaemu: cannot read the startup-config: {e.Message}");
            return CannotStart;
        }

        var (appliance, load) = Appliance.Boot(text, store, TimeProvider.System);
        ReportLoad(source, load, error, appliance.Events);
        // From here on problems go to the log: the console's stderr shows the host's (a daemon's, every syslog message).
        var log = LogTo(appliance, error, everything: options.NoConsole);
        try
        {
            return await ServeAsync(appliance, store, options, cancel);
        }
        finally
        {
            await log.WaitIdleAsync();
            log.Dispose();
        }
    }

    private static async Task<int> ServeAsync(Appliance appliance, FileConfigStore store, RunOptions options, CancellationToken cancel)
    {
        if (options.Debug > 0)
        {
            appliance.Events.SetDebug(DebugFeature.Ikev1, options.Debug);
            appliance.Events.SetDebug(DebugFeature.Ipsec, options.Debug);
            appliance.Events.SetDebug(DebugFeature.Ikev2, options.Debug);
        }
        TelnetServer? telnet = null;
        if (options.Telnet is { } telnetAt)
        {
            try
            {
                telnet = TelnetServer.Start(appliance, telnetAt);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                appliance.Events.Publish(HostLog.Problem($"cannot listen for telnet on {telnetAt}: {e.Message}"));
                return CannotStart;
            }
        }
        await using var ssh = SshHost.Start(appliance, options.Ssh, new Ssh.FileHostKeyStore(store.Data.HostKeys.Path), cancel,
            interfaces: Environment.IsPrivilegedProcess);
        var radius = new Dataplane.Aaa.UdpRadiusTransport();
        radius.Problem += problem => appliance.Events.Publish(HostLog.Problem(problem));
        await using var aaa = appliance.Aaa = new Dataplane.Aaa.AaaService(() => appliance.Config, appliance.Events, SystemRandom.Instance,
            appliance.Clock, radius, appliance.LocalUsers);
        await using var vpn = VpnHost.Start(appliance, options.Tun);
        await using var telnetServer = telnet;

        if (options.NoConsole)
        {
            try { await Task.Delay(Timeout.Infinite, cancel); }
            catch (OperationCanceledException) { }
            return 0;
        }

        using var console = SessionMonitor.Open(appliance, ConsoleTerminal.OpenStandard(), console: true);
        await console.Session.RunAsync(cancel);
        return 0;
    }

    /// <summary>
    /// What stderr shows of the log: the host's problems as <c>asaemu: ...</c> (an address this host
    /// lacks, a port in use) and, for a daemon (<paramref name="everything"/>), every other syslog
    /// message as the buffer would hold it. The boot's config diagnostics were printed already
    /// (<see cref="ReportLoad"/>). Secrets are masked where the messages are made (111008, explain
    /// lines), so stderr shows none.
    /// </summary>
    internal static EventSubscription LogTo(Appliance appliance, TextWriter error, bool everything = true) =>
        appliance.Events.Subscribe("stderr",
            e => HostLog.IsProblem(e) || everything && e.Syslog is not null && !(HostLog.IsHostMessage(e) && e.Category == Crypto.Events.EventCategory.Cli),
            e =>
            {
                lock (error)
                {
                    error.WriteLine(HostLog.IsProblem(e) ? $"asaemu: {e.Text}" : EventFormat.SyslogLine(e, timestamp: true));
                    error.Flush();
                }
            });

    /// <summary><c>--config FILE</c>, else the saved startup-config, else the built-in one.</summary>
    public static (string Text, string Source) StartupText(RunOptions options, IConfigStore store)
    {
        if (options.ConfigFile is { } file) return (File.ReadAllText(file), file);
        if (store.LoadStartup() is { } saved) return (saved, store is FileConfigStore f ? f.StartupPath : FileConfigStore.FileName);
        return (DefaultStartupConfig.Text, DefaultStartupConfig.SourceName);
    }

    /// <summary>The boot's report on what the config could not load, on stderr and (with <paramref name="log"/>) in the log.</summary>
    internal static void ReportLoad(string source, LoadResult load, TextWriter error, Crypto.Events.IEventSink? log = null)
    {
        foreach (var d in load.Diagnostics.Where(d => d.Severity != ConfigModel.Commands.Severity.Info))
            foreach (var line in DiagnosticText.Lines(source, d))
            {
                error.WriteLine(line);
                log?.Publish(HostLog.Config(line, d.Severity == ConfigModel.Commands.Severity.Error));
            }
        if (load.Errors > 0 || load.Warnings > 0)
            error.WriteLine($"asaemu: {source}: {DiagnosticText.Plural(load.Errors, "error", "errors")}, " +
                $"{DiagnosticText.Plural(load.Warnings, "warning", "warnings")}; the other lines were loaded");
    }

}
