using System.Diagnostics;
using System.Text;

namespace AsaEmu.Interop;

/// <summary>
/// A second AsaEmu as the other site, in the kit's netns cli (its outside 198.18.0.2 facing the first
/// one's 198.18.0.1), with its own inside LAN: netns <c>l2lsite</c> behind it on 198.19.200.0/24 (its
/// inside interface .254, one host .1). Disposing stops the process and deletes the namespace (and with
/// it the link), also after a failure; the kit's topology goes with the <see cref="HubSession"/>.
/// </summary>
public sealed class SecondSite : IDisposable
{
    public const string Lan = "l2lsite", Host = "198.19.200.1", Inside = "198.19.200.254", TelnetAt = "127.0.0.1:2324";

    private readonly Process? _asaemu;
    private readonly StringBuilder _log = new();

    /// <summary>What the second AsaEmu printed (stdout and stderr).</summary>
    public string Log { get { lock (_log) return _log.ToString(); } }

    public SecondSite(string config, string state)
    {
        Dispose();
        try
        {
            string[][] steps =
            [
                ["ip", "netns", "add", Lan],
                ["ip", "-n", "cli", "link", "add", "cli-site", "type", "veth", "peer", "name", "site-cli", "netns", Lan],
                ["ip", "-n", "cli", "addr", "add", $"{Inside}/24", "dev", "cli-site"],
                ["ip", "-n", Lan, "addr", "add", $"{Host}/24", "dev", "site-cli"],
                ["ip", "-n", "cli", "link", "set", "cli-site", "up"],
                ["ip", "-n", Lan, "link", "set", "lo", "up"],
                ["ip", "-n", Lan, "link", "set", "site-cli", "up"],
                ["ip", "-n", Lan, "route", "add", "198.18.0.0/15", "via", Inside],
                ["ip", "netns", "exec", "cli", "sysctl", "-qw", "net.ipv4.ip_forward=1"],
            ];
            foreach (var step in steps)
            {
                var (code, output) = Probe.Run(step);
                if (code != 0) throw new InvalidOperationException($"{string.Join(' ', step)}: {output}");
            }
            var configFile = Path.Combine(state, "site-b.cfg");
            File.WriteAllText(configFile, config);
            var asaemu = Path.Combine(AppContext.BaseDirectory, "asaemu.dll");
            _asaemu = new Process
            {
                StartInfo = new ProcessStartInfo("ip", ["netns", "exec", "cli", "dotnet", asaemu, "--config", configFile, "--no-console", "--ssh", "none",
                    "--telnet", TelnetAt, "--data-dir", Path.Combine(state, "data-b")])
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                },
            };
            _asaemu.OutputDataReceived += (_, e) => Collect(e.Data);
            _asaemu.ErrorDataReceived += (_, e) => Collect(e.Data);
            _asaemu.Start();
            _asaemu.BeginOutputReadLine();
            _asaemu.BeginErrorReadLine();
            // Up when its IKE socket is bound and its CLI listens.
            if (!Probe.WaitFor(() => _asaemu.HasExited || Log.Contains("telnet server listening", StringComparison.Ordinal)
                    && Probe.InNetns("cli", "ss", "-Hlnu", "sport", "= :500").Output.Contains("198.18.0.2", StringComparison.Ordinal), TimeSpan.FromSeconds(30))
                || _asaemu.HasExited)
                throw new InvalidOperationException($"the second AsaEmu did not come up:\n{Log}");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private void Collect(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    public string Show(params string[] commands) => HubSession.ShowIn("cli", TelnetAt, commands);

    public void Dispose()
    {
        if (_asaemu is { HasExited: false })
        {
            // SIGTERM to the process we started (ip netns exec execs dotnet in place), SIGKILL if it lingers.
            Probe.Run(["kill", "-TERM", _asaemu.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            if (!_asaemu.WaitForExit(10_000)) _asaemu.Kill(entireProcessTree: true);
            _asaemu.WaitForExit();
        }
        _asaemu?.Dispose();
        if (File.Exists(Path.Combine("/run/netns", Lan))) Probe.Run(["ip", "netns", "del", Lan]);
    }
}
