using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AsaEmu.Shell.Lab;

namespace AsaEmu.Interop;

/// <summary>
/// A lab test, skipped with the lab's own words where it cannot run (not root, no /dev/net/tun,
/// vpnc or iproute2 missing). CI runs as root with vpnc installed, so there it runs.
/// </summary>
public sealed class LabFactAttribute : FactAttribute
{
    public LabFactAttribute()
    {
        if (LabPrerequisites.Missing() is { Count: > 0 } missing) Skip = "asaemu lab cannot run here: " + string.Join("; ", missing);
    }
}

/// <summary>
/// <c>asaemu lab</c> as a user runs it: the real process, its namespaces, a real vpnc. Each test
/// checks what the script's transcript shows and then that the lab left nothing behind: no
/// namespace, no /etc/netns entry, no state directory or lock, no process.
/// </summary>
[Collection(nameof(LabTests))]
public class LabTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);

    [LabFact]
    public void A_script_waits_for_the_tunnel_sees_phase_1_and_the_counters_of_a_ping_and_the_lab_leaves_nothing()
    {
        var (code, output) = RunLab(null,
            "lab wait-tunnel 30",
            "show crypto isakmp sa detail",
            "lab ping",
            "show crypto ipsec sa");

        Assert.True(code == 0, output);
        Assert.Contains("ciscoasa# debug crypto isakmp 127", output);
        Assert.Contains("Tunnel up: group EZ, user cisco, peer 198.18.10.2, assigned 198.19.10.100", output);
        Assert.Contains("PHASE 2 COMPLETED", output);

        var isakmp = Section(output, "show crypto isakmp sa detail");
        Assert.Contains("AM_ACTIVE", isakmp);
        Assert.Contains("Type    : user", isakmp);
        Assert.Contains("Role    : responder", isakmp);

        Assert.Contains("0% packet loss", Section(output, "lab ping"));
        var ipsec = Section(output, "show crypto ipsec sa");
        Assert.True(Counter(ipsec, "#pkts encaps") > 0, ipsec);
        Assert.True(Counter(ipsec, "#pkts decaps") > 0, ipsec);

        Assert.Contains("%LAB: vpnc disconnected", output);
        AssertNothingLeft(output);
    }

    [LabFact]
    public void The_l2l_scenario_brings_the_site_tunnel_up_on_the_first_ping_with_the_debugs_and_leaves_nothing()
    {
        var (code, output) = RunLab("l2l",
            "ping inside 198.19.10.1",
            "show crypto isakmp sa detail",
            "show vpn-sessiondb l2l",
            "lab ping");

        Assert.True(code == 0, output);
        Assert.Contains("%LAB: site B started in netns asaemu-lab-cli", output);
        // Nothing is negotiated before the ping; its first echo starts main mode as initiator, with the debugs on.
        Assert.Contains("IKE Initiator: New Phase 1, Intf outside, IKE Peer 198.18.10.2", output);
        Assert.Contains("PHASE 2 COMPLETED", output);
        Assert.True(Regex.IsMatch(Section(output, "ping inside 198.19.10.1"), @"Success rate is [1-9]\d* percent \([1-5]/5\)"), output);
        var isakmp = Section(output, "show crypto isakmp sa detail");
        Assert.Contains("Type    : L2L             Role    : initiator", isakmp);
        Assert.Contains("MM_ACTIVE", isakmp);
        Assert.Contains("Connection   : 198.18.10.2", Section(output, "show vpn-sessiondb l2l"));
        Assert.Contains("0% packet loss", Section(output, "lab ping"));
        AssertNothingLeft(output);
    }

    [LabFact]
    public void A_wrong_psk_brings_no_tunnel_and_the_lab_still_leaves_nothing()
    {
        var (code, output) = RunLab("wrong-psk", "lab wait-tunnel 20", "show crypto isakmp sa detail");

        Assert.True(code == 0, output);
        Assert.Contains("% No tunnel: vpnc is not running", output);
        Assert.Contains("hash comparison failed", output);
        Assert.DoesNotContain("AM_ACTIVE", Section(output, "show crypto isakmp sa detail"));
        AssertNothingLeft(output);
    }

    [LabFact]
    public void Sigterm_in_the_middle_of_a_script_stops_the_lab_and_it_leaves_nothing()
    {
        var script = WriteScript("lab wait-tunnel 30", "lab ping repeat 100");
        var output = new StringBuilder();
        using var lab = Start(["lab", "--script", script], output);
        try
        {
            Assert.True(Probe.WaitFor(() => Text(output).Contains("icmp_seq=2", StringComparison.Ordinal), TimeSpan.FromSeconds(60)), Text(output));
            Process.Start("kill", ["-TERM", lab.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
            Assert.True(lab.WaitForExit(TimeSpan.FromSeconds(40)), Text(output));
            lab.WaitForExit();
        }
        finally
        {
            if (!lab.HasExited) lab.Kill(entireProcessTree: true);
            File.Delete(script);
        }
        var text = Text(output);
        Assert.Contains("%LAB: stopped by a signal; leaving the lab", text);
        Assert.Contains("Session is being torn down. Reason: User Requested", text);
        AssertNothingLeft(text);
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void The_lab_config_loads_without_errors_or_warnings_beyond_the_asas_own_in_every_scenario(string name)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"asaemu-lab-files-{Environment.ProcessId}-{name}");
        var files = new LabFiles(directory);
        try
        {
            var scenario = LabScenario.Find(name);
            files.Write(scenario);
            var load = AsaEmu.ConfigModel.Loading.ConfigLoader.Load(File.ReadAllText(files.Config));
            Assert.Equal(0, load.Errors);
            // A new static crypto map entry draws the ASA's "crypto map entry will be incomplete" at its first line, once.
            Assert.Equal(scenario.Site ? 1 : 0, load.Warnings);
            if (scenario.Site)
            {
                var siteB = AsaEmu.ConfigModel.Loading.ConfigLoader.Load(File.ReadAllText(files.PeerConfig));
                Assert.Equal((0, 1), (siteB.Errors, siteB.Warnings));
            }
            Assert.Contains($"IPSec gateway {LabNetwork.AsaOutside}", File.ReadAllText(files.VpncProfile));
            Assert.StartsWith("#!/bin/sh", File.ReadAllText(files.VpncScript));
        }
        finally
        {
            files.Delete();
        }
        Assert.False(Directory.Exists(directory));
    }

    public static TheoryData<string> Scenarios => [.. LabScenario.Names];

    [Fact]
    public void The_lab_keeps_off_the_interop_kits_names_and_subnets()
    {
        foreach (var ns in LabNetwork.Namespaces) Assert.DoesNotContain(ns, new[] { "cli", "hub", "lan" });
        foreach (var address in new[] { LabNetwork.ClientAddress, LabNetwork.AsaOutside, LabNetwork.AsaInside, LabNetwork.LanHost, LabNetwork.ClientVirtualAddress })
        {
            Assert.Matches(@"^198\.1[89]\.", address);
            Assert.False(new[] { "198.18.0.", "198.18.1.", "198.19.0." }.Any(address.StartsWith), $"{address} is in one of the kit's subnets");
        }
    }

    /// <summary>Runs <c>asaemu lab [--scenario S] --script FILE</c> to its end.</summary>
    private static (int Code, string Output) RunLab(string? scenario, params string[] lines)
    {
        var script = WriteScript(lines);
        var output = new StringBuilder();
        try
        {
            string[] arguments = scenario is null ? ["lab", "--script", script] : ["lab", "--scenario", scenario, "--script", script];
            using var lab = Start(arguments, output);
            if (!lab.WaitForExit(Limit))
            {
                lab.Kill(entireProcessTree: true);
                return (-1, $"timed out after {Limit}\n{Text(output)}");
            }
            lab.WaitForExit();
            return (lab.ExitCode, Text(output));
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static Process Start(string[] arguments, StringBuilder output)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "asaemu.dll"), .. arguments])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        process.StandardInput.Close();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Append(e.Data).Append('\n'); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Append(e.Data).Append('\n'); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string WriteScript(params string[] lines)
    {
        var path = Path.Combine(Path.GetTempPath(), $"asaemu-lab-test-{Environment.ProcessId}-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static string Text(StringBuilder output)
    {
        lock (output) return output.ToString().Replace("\r", "", StringComparison.Ordinal);
    }

    /// <summary>
    /// What a command printed: from its echoed line to the next prompt. The echo follows its prompt, or begins a line
    /// of its own where a debug line came out after the prompt (as on the ASA's console, which does not
    /// redraw the prompt after one).
    /// </summary>
    private static string Section(string output, string command)
    {
        var echo = Regex.Match(output, "(?m)(?:ciscoasa# |^)" + Regex.Escape(command) + "\n");
        Assert.True(echo.Success, $"'{command}' is not in the transcript\n{output}");
        var start = echo.Index;
        var end = output.IndexOf("ciscoasa# ", start + command.Length, StringComparison.Ordinal);
        return end < 0 ? output[start..] : output[start..end];
    }

    private static long Counter(string text, string name)
    {
        var match = Regex.Match(text, Regex.Escape(name) + @": (\d+)");
        return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
    }

    private static void AssertNothingLeft(string output)
    {
        Assert.Contains("asaemu lab: removed its namespaces, processes and files", output);
        var (_, namespaces) = Run("ip", "netns", "list");
        foreach (var ns in LabNetwork.Namespaces)
        {
            Assert.DoesNotContain(ns, namespaces);
            Assert.False(Directory.Exists(Path.Combine("/etc/netns", ns)), $"/etc/netns/{ns} is left");
        }
        Assert.False(Directory.Exists(LabNetwork.StateDirectory), $"{LabNetwork.StateDirectory} is left");
        Assert.False(File.Exists(LabLock.Path), $"{LabLock.Path} is left");
        var left = Directory.EnumerateDirectories("/proc")
            .Select(d => Path.GetFileName(d))
            .Where(p => p.All(char.IsAsciiDigit))
            .Select(p => (Pid: p, Command: CommandLine(p)))
            .Where(p => p.Command.Contains(LabNetwork.StateDirectory, StringComparison.Ordinal) || p.Command.Contains(" lab appliance ", StringComparison.Ordinal))
            .ToList();
        Assert.True(left.Count == 0, "processes left: " + string.Join("; ", left.Select(p => $"{p.Pid} {p.Command}")));
    }

    private static string CommandLine(string pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' '); }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }

    private static (int Code, string Output) Run(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
