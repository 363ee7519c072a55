using System.Diagnostics;
using System.Text;

namespace AsaEmu.Interop;

/// <summary>
/// Two AsaEmu processes as two sites, each in a namespace of its own with its LAN behind it:
/// <code>
///   b2b-lana  198.18.1.2 &lt;--&gt; inside 198.18.1.1  b2b-a  outside 198.18.0.1 &lt;--&gt; outside 198.18.0.2  b2b-b  inside 198.19.200.254 &lt;--&gt; 198.19.200.1  b2b-lanb
///  (LAN A's host)                 (site A's AsaEmu)                                  (site B's AsaEmu)                        (LAN B's host)
/// </code>
/// The addresses are those the kit gives site A (netns hub, LAN 198.18.1.0/24) and that the other site
/// has in <see cref="SiteToSiteTests"/>, so the site configs are shared; the namespaces are not the
/// kit's, so these tests need no kit and run beside the kit's (xunit collection <see cref="Collection"/>).
/// No NAT between the sites, so ESP goes as IP protocol 50. Disposing stops both processes and deletes
/// the namespaces (and with them the links), also after a failure.
/// </summary>
public sealed class SitePair : IDisposable
{
    /// <summary>The xunit collection of the tests on a site pair: one pair at a time, beside the kit's tests.</summary>
    public const string Collection = nameof(SitePair);

    public const string LanA = "b2b-lana", LanB = "b2b-lanb", HostA = "198.18.1.2", HostB = "198.19.200.1";
    public const string OutsideA = "198.18.0.1", OutsideB = "198.18.0.2", InsideA = "198.18.1.1", InsideB = "198.19.200.254";
    private const string SiteANamespace = "b2b-a", SiteBNamespace = "b2b-b";
    public static readonly IReadOnlyList<string> Namespaces = [SiteANamespace, SiteBNamespace, LanA, LanB];

    private readonly NamespaceClaim _claim;
    private readonly string _state = Path.Combine(Path.GetTempPath(), $"asaemu-sitepair-{Environment.ProcessId}");

    public Site A { get; }
    public Site B { get; }

    public SitePair(string configA, string configB)
    {
        _claim = NamespaceClaim.Take("asaemu-sitepair.lock", Namespaces);
        try
        {
            Directory.CreateDirectory(_state);
            foreach (var step in Topology())
            {
                var (code, output) = Probe.Run(step);
                if (code != 0) throw new InvalidOperationException($"{string.Join(' ', step)}: {output}");
            }
            A = new Site(SiteANamespace, OutsideA, configA, Path.Combine(_state, "a"));
            B = new Site(SiteBNamespace, OutsideB, configB, Path.Combine(_state, "b"));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private static IEnumerable<string[]> Topology()
    {
        foreach (var ns in Namespaces)
        {
            yield return ["ip", "netns", "add", ns];
            yield return ["ip", "-n", ns, "link", "set", "lo", "up"];
            yield return ["ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1"];
        }
        foreach (var (site, inside, lan, host) in new[] { (SiteANamespace, InsideA, LanA, HostA), (SiteBNamespace, InsideB, LanB, HostB) })
        {
            yield return ["ip", "-n", site, "link", "add", "inside", "type", "veth", "peer", "name", "eth0", "netns", lan];
            yield return ["ip", "-n", site, "addr", "add", $"{inside}/24", "dev", "inside"];
            yield return ["ip", "-n", lan, "addr", "add", $"{host}/24", "dev", "eth0"];
            yield return ["ip", "-n", site, "link", "set", "inside", "up"];
            yield return ["ip", "-n", lan, "link", "set", "eth0", "up"];
            yield return ["ip", "-n", lan, "route", "add", "198.18.0.0/15", "via", inside];
            yield return ["ip", "netns", "exec", site, "sysctl", "-qw", "net.ipv4.ip_forward=1"];
            yield return ["ip", "netns", "exec", site, "sysctl", "-qw", "net.ipv4.conf.all.rp_filter=0"];
        }
        yield return ["ip", "-n", SiteANamespace, "link", "add", "outside", "type", "veth", "peer", "name", "outside", "netns", SiteBNamespace];
        yield return ["ip", "-n", SiteANamespace, "addr", "add", $"{OutsideA}/24", "dev", "outside"];
        yield return ["ip", "-n", SiteBNamespace, "addr", "add", $"{OutsideB}/24", "dev", "outside"];
        yield return ["ip", "-n", SiteANamespace, "link", "set", "outside", "up"];
        yield return ["ip", "-n", SiteBNamespace, "link", "set", "outside", "up"];
    }

    public void Dispose()
    {
        B?.Dispose();
        A?.Dispose();
        foreach (var ns in Namespaces.Where(ns => File.Exists(Path.Combine("/run/netns", ns))))
            Probe.Run(["ip", "netns", "del", ns]);
        try { Directory.Delete(_state, recursive: true); } catch (IOException) { }
        _claim.Dispose();
    }

    /// <summary>One site's AsaEmu: its config written to its state directory, its CLI on telnet inside its namespace.</summary>
    public sealed class Site : IDisposable
    {
        private const string TelnetAt = "127.0.0.1:2323";

        private readonly string _namespace;
        private readonly Process _asaemu;
        private readonly StringBuilder _log = new();

        /// <summary>What this site's AsaEmu printed (stdout and stderr).</summary>
        public string Log { get { lock (_log) return _log.ToString(); } }

        internal Site(string ns, string outside, string config, string state)
        {
            _namespace = ns;
            Directory.CreateDirectory(state);
            var configFile = Path.Combine(state, "site.cfg");
            File.WriteAllText(configFile, config);
            var asaemu = Path.Combine(AppContext.BaseDirectory, "asaemu.dll");
            _asaemu = new Process
            {
                StartInfo = new ProcessStartInfo("ip", ["netns", "exec", ns, "dotnet", asaemu, "--config", configFile, "--no-console", "--ssh", "none",
                    "--telnet", TelnetAt, "--data-dir", Path.Combine(state, "data")])
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
                    && Probe.InNetns(ns, "ss", "-Hlnu", "sport", "= :500").Output.Contains(outside, StringComparison.Ordinal), TimeSpan.FromSeconds(30))
                || _asaemu.HasExited)
            {
                Dispose();
                throw new InvalidOperationException($"AsaEmu did not come up in netns {ns}:\n{Log}");
            }
        }

        private void Collect(string? line)
        {
            if (line is null) return;
            lock (_log) _log.AppendLine(line);
        }

        /// <summary>Runs show commands on this site's CLI (see <see cref="HubSession.ShowIn"/>).</summary>
        public string Show(params string[] commands) => HubSession.ShowIn(_namespace, TelnetAt, commands);

        public void Dispose()
        {
            if (!_asaemu.HasExited)
            {
                // SIGTERM to the process we started (ip netns exec execs dotnet in place), SIGKILL if it lingers.
                Probe.Run(["kill", "-TERM", _asaemu.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                if (!_asaemu.WaitForExit(10_000)) _asaemu.Kill(entireProcessTree: true);
                _asaemu.WaitForExit();
            }
            _asaemu.Dispose();
        }
    }
}
