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

    /// <summary>Every command of the 9.x persona through Netmiko's send_command (it has set terminal pager 0), each show command also through | include and | begin: none answers ERROR:, the filters keep what they should.</summary>
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
            Assert.All(PersonaCommands.All, c => Assert.True(answers.ContainsKey(c), c));
            Assert.All(answers, a => Assert.False(a.Value.Contains("ERROR:", StringComparison.Ordinal), $"{a.Key} answered:\n{a.Value}"));
            CheckFilters(answers);
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

    /// <summary>
    /// Each show command ran again through <c>| include WORD</c> and <c>| begin WORD</c> (WORD from its first line): include
    /// keeps the unfiltered output's lines with the word; begin starts at the first such line and keeps the rest.
    /// </summary>
    private static void CheckFilters(Dictionary<string, string> answers)
    {
        // Figures that move between the runs (the clock, uptime, active times) compare as #.
        static string[] Of(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.RegularExpressions.Regex.Replace(l, "[0-9]+", "#"))];
        var shows = PersonaCommands.All.Where(c => !c.Contains('|', StringComparison.Ordinal) && (c.StartsWith("show ", StringComparison.Ordinal) || c.StartsWith("packet-tracer ", StringComparison.Ordinal)));
        var filtered = 0;
        foreach (var command in shows)
        {
            var include = answers.Keys.SingleOrDefault(k => k.StartsWith(command + " | include ", StringComparison.Ordinal) && !PersonaCommands.All.Contains(k));
            if (include is null)
            {
                Assert.True(Of(answers[command]).All(l => !System.Text.RegularExpressions.Regex.IsMatch(l, "[A-Za-z]{3,}")), $"{command}: no filtered runs");
                continue;
            }
            filtered++;
            var word = include[(command.Length + " | include ".Length)..];
            var full = Of(answers[command]);
            var kept = Of(answers[include]);
            Assert.True(kept.Length > 0, include);
            Assert.Equal(full.Where(l => l.Contains(word, StringComparison.Ordinal)), kept);
            var begin = Of(answers[$"{command} | begin {word}"]);
            Assert.True(begin.Length > 0 && begin[0].Contains(word, StringComparison.Ordinal), $"{command} | begin {word}");
            Assert.Equal(full.SkipWhile(l => !l.Contains(word, StringComparison.Ordinal)), begin);
        }
        Assert.True(filtered > 60, $"only {filtered} commands ran through the filters");
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
