using System.Diagnostics;

namespace AsaEmu.Shell.Tests.Netmiko;

/// <summary>Runs only where Debian's python3-netmiko is installed for the system Python (CI installs it).</summary>
public sealed class NetmikoFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";

    public NetmikoFactAttribute()
    {
        if (!File.Exists(Python) || !Directory.Exists("/usr/lib/python3/dist-packages/netmiko"))
            Skip = "needs Netmiko for the system Python: apt-get install python3-netmiko";
    }
}

/// <summary>
/// Netmiko's cisco_asa driver (from Debian's python3-netmiko) against the real asaemu process over
/// SSH: login without an enable secret (Netmiko then uses <c>login</c>) and with one (<c>enable</c>),
/// show running-config, send_config_set, save_config, and the change still there after a restart.
/// </summary>
public class NetmikoTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("asaemu-netmiko-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [NetmikoFact]
    public async Task Netmiko_pushes_and_saves_a_change_that_survives_a_restart()
    {
        var (first, port) = await StartAsync();
        try
        {
            var push = Run(port, "-", "push");
            Assert.Contains("PROMPT:ciscoasa#", push);
            Assert.Contains("HAS-CHECKSUM:True", push);
            Assert.Contains("CONFIG-SET-OK:True", push);
            Assert.Contains("SAVED:True", push);
            Assert.Contains("name 198.18.5.5 nm-host description pushed by netmiko", push);
        }
        finally
        {
            AsaEmuProcess.Stop(first);
        }

        (var second, port) = await StartAsync();
        try
        {
            // With an enable secret (the default enable password is empty), after the restart.
            var check = Run(port, "", "check");
            Assert.Contains("PROMPT:ciscoasa#", check);
            Assert.Contains("name 198.18.5.5 nm-host description pushed by netmiko", check);
        }
        finally
        {
            AsaEmuProcess.Stop(second);
        }
    }

    /// <summary>Every command of the 9.x persona through Netmiko's send_command (it has set terminal pager 0): none answers ERROR:.</summary>
    [NetmikoFact]
    public async Task Netmiko_runs_every_persona_command_without_an_error()
    {
        var (process, port) = await StartAsync();
        var commands = Path.Combine(_data, "commands.txt");
        await File.WriteAllLinesAsync(commands, PersonaCommands.All);
        try
        {
            var output = Run(port, "", "sweep", commands);
            var answers = output.Split("CMD: ").Skip(1).ToDictionary(a => a[..a.IndexOf('\n')], a => a[(a.IndexOf('\n') + 1)..]);
            Assert.Equal(PersonaCommands.All.Distinct().Count(), answers.Count);
            Assert.All(answers, a => Assert.False(a.Value.Contains("ERROR:", StringComparison.Ordinal), $"{a.Key} answered:\n{a.Value}"));
            Assert.Contains("Hardware:   ASAv, 2048 MB RAM", answers["show version"]);
            // The filter keeps every line with Version: the software, FXOS and ASDM versions.
            Assert.StartsWith("Cisco Adaptive Security Appliance Software Version 9.8(4)10 \nFirepower Extensible Operating System Version",
                answers["show version | include Version"].TrimStart('\n'));
            Assert.Contains("Failover Off", answers["show failover"]);
            // No client holds 10.10.10.1 and the default config has no default route.
            Assert.Contains("Action: drop\nDrop-reason: (no-route) No route to host", answers["packet-tracer input inside icmp 192.168.1.10 8 0 10.10.10.1"]);
        }
        finally
        {
            AsaEmuProcess.Stop(process);
        }
    }

    /// <summary>A daemon on a port of its own choosing (port 0), once it listens.</summary>
    private async Task<(Process Process, int Port)> StartAsync()
    {
        var process = AsaEmuProcess.Start("--no-console", "--ssh", "127.0.0.1:0", "--data-dir", _data);
        return (process, (await new DaemonLog(process).ListeningAsync("ssh")).Port);
    }

    private static string Run(int port, string secret, string action, string name = "nm-host")
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Netmiko", "netmiko_session.py");
        var info = new ProcessStartInfo(NetmikoFactAttribute.Python, [script, port.ToString(System.Globalization.CultureInfo.InvariantCulture), "admin", "admin", secret, action, name])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var python = Process.Start(info)!;
        var output = python.StandardOutput.ReadToEndAsync();
        var error = python.StandardError.ReadToEndAsync();
        Assert.True(python.WaitForExit(120_000), "netmiko did not finish in 2 minutes");
        Assert.True(python.ExitCode == 0, $"netmiko failed:\n{output.Result}\n{error.Result}");
        return output.Result;
    }
}
