using System.Diagnostics;
using System.Globalization;
using AsaEmu.Shell.Cli;

namespace AsaEmu.Shell.Lab;

/// <summary>
/// The EXEC commands that exist only on the lab's console, under the word <c>lab</c>: they act on
/// the lab around the ASA (the client, its pings), not on the ASA itself.
/// <list type="bullet">
/// <item><c>lab wait-tunnel [SECONDS]</c>: waits until an IPsec SA pair is up (30 s by default), so a script can go on.</item>
/// <item><c>lab ping [repeat N] [size N]</c>: pings the lan host from the client namespace, through the tunnel.</item>
/// <item><c>lab reconnect</c>, <c>lab disconnect</c>, <c>lab connect</c>: stop (vpnc sends its DELETEs) and start vpnc.</item>
/// <item><c>lab client</c>: vpnc's state, what Mode Config gave it, the end of its log.</item>
/// <item><c>lab info</c>: the lab's banner again.</item>
/// </list>
/// </summary>
public sealed class LabCommands(LabContext lab) : IExecArea
{
    private static readonly Dictionary<string, string> Help = new()
    {
        ["lab"] = "Lab only: the client and the network around this ASA",
        ["wait-tunnel"] = "Wait until the client's IPsec SAs are up",
        ["seconds"] = "How long to wait (30 when omitted)",
        ["ping"] = "Ping the lan host from the client (site B's LAN in the l2l scenario), through the tunnel",
        ["repeat"] = "Specify repeat count",
        ["size"] = "Specify datagram size",
        ["reconnect"] = "Disconnect the client (it sends DELETEs) and connect it again",
        ["disconnect"] = "Disconnect the client (it sends DELETEs)",
        ["connect"] = "Start the client again",
        ["client"] = "The client's state, what Mode Config gave it, its log",
        ["info"] = "The lab's topology and next steps",
    };

    /// <summary>The normal EXEC commands plus these.</summary>
    public static ExecGrammar Grammar(LabContext lab) => new([.. ExecGrammar.Areas, new LabCommands(lab)]);

    public void Register(ExecGrammar g)
    {
        g.Add(ExecScope.Everywhere, "lab wait-tunnel [<1-600:seconds>]", WaitTunnel, help: Help);
        g.Add(ExecScope.Everywhere, "lab ping [repeat <1-100:repeat>] [size <28-1400:size>]", Ping, help: Help);
        g.Add(ExecScope.Everywhere, "lab reconnect", Reconnect, help: Help);
        g.Add(ExecScope.Everywhere, "lab disconnect", Disconnect, help: Help);
        g.Add(ExecScope.Everywhere, "lab connect", Connect, help: Help);
        g.Add(ExecScope.Everywhere, "lab client", Client, help: Help);
        g.Add(ExecScope.Everywhere, "lab info", c => { c.WriteLines(lab.Banner()); return Task.CompletedTask; }, help: Help);
    }

    private async Task WaitTunnel(ExecContext c)
    {
        var seconds = c.Args.OptNum("seconds") ?? 30;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds && !c.Cancel.IsCancellationRequested)
        {
            if (lab.Tunnel() is { } sa)
            {
                c.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Tunnel up: group {sa.TunnelGroup}, user {sa.Username}, peer {sa.Peer}, assigned {sa.AssignedAddress} ({clock.Elapsed.TotalSeconds:0.0} s)"));
                return;
            }
            if (!lab.Vpnc.Running)
            {
                c.WriteLine($"% No tunnel: vpnc is not running (exit code {lab.Vpnc.LastExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}); 'lab client' shows its log");
                return;
            }
            try { await Task.Delay(100, c.Cancel); }
            catch (OperationCanceledException) { break; }
        }
        c.WriteLine($"% No tunnel after {seconds} s; 'lab client' shows what vpnc says");
    }

    private async Task Ping(ExecContext c)
    {
        var repeat = c.Args.OptNum("repeat") ?? 5;
        var size = c.Args.OptNum("size") ?? 56;
        // In the l2l scenario from site B's LAN address, which its crypto ACL matches.
        string[] source = lab.Scenario.Site ? ["-I", LabNetwork.SiteBHost] : [];
        string[] arguments = ["netns", "exec", LabNetwork.ClientNamespace, "ping", "-c", $"{repeat}", "-s", $"{size}", "-W", "2", .. source, LabNetwork.LanHost];
        c.WriteLine($"({(lab.Scenario.Site ? "site B" : "client")}) ip {string.Join(' ', arguments)}");
        await c.Session.FlushAsync(c.Cancel);
        var start = new ProcessStartInfo("ip", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var errors = process.StandardError.ReadToEndAsync(c.Cancel);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(c.Cancel) is { } line)
            {
                c.WriteLine(line);
                await c.Session.FlushAsync(c.Cancel);
            }
            await process.WaitForExitAsync(c.Cancel);
            foreach (var line in (await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries)) c.WriteLine(line);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
        }
    }

    private async Task Reconnect(ExecContext c)
    {
        await Disconnect(c);
        await Connect(c);
    }

    private async Task Disconnect(ExecContext c)
    {
        c.WriteLine(await lab.Vpnc.StopAsync(TimeSpan.FromSeconds(10))
            ? "vpnc stopped: it sent DELETE (ESP) and DELETE (ISAKMP) before it exited"
            : "vpnc was not running");
    }

    private Task Connect(ExecContext c)
    {
        c.WriteLine(lab.Vpnc.Running
            ? $"vpnc is already running (pid {lab.Vpnc.Pid})"
            : $"vpnc started in netns {LabNetwork.ClientNamespace} (pid {lab.Vpnc.Start()}): it connects to {LabNetwork.AsaOutside} now");
        return Task.CompletedTask;
    }

    private Task Client(ExecContext c)
    {
        c.WriteLine(lab.Vpnc.Pid is { } pid
            ? $"vpnc: running in netns {LabNetwork.ClientNamespace}, pid {pid}, scenario {lab.Scenario.Name}"
            : $"vpnc: not running (last exit code {lab.Vpnc.LastExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}), scenario {lab.Scenario.Name}");
        var connect = lab.LastConnectEnvironment();
        c.WriteLine(connect.Count > 0 ? "What its script was given at the last connect (Mode Config):" : "Its script was not called with reason=connect yet.");
        foreach (var line in connect) c.WriteLine("  " + line);
        c.WriteLine($"End of its log ({lab.Files.VpncLog}):");
        foreach (var line in lab.Vpnc.Tail(12)) c.WriteLine("  " + line);
        return Task.CompletedTask;
    }
}
