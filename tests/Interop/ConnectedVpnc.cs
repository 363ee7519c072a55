using System.Diagnostics;
using System.Text;

namespace AsaEmu.Interop;

/// <summary>
/// The "vpnc connected" preamble the vpnc tests share: an unmodified vpnc started in netns cli with the
/// kit's profile and knobs, waited for until it is connected (its script called with reason=connect, then
/// the headend's next PHASE 2 COMPLETED, 713120). Disposing stops it (SIGTERM: vpnc sends its DELETEs
/// first), also when the test failed; what it printed is then complete in <see cref="HubSession.VpncOutput"/>.
/// </summary>
public sealed class ConnectedVpnc : IDisposable
{
    private readonly HubSession _hub;
    private bool _stopped;

    private ConnectedVpnc(HubSession hub, Process process)
    {
        _hub = hub;
        Process = process;
    }

    public Process Process { get; }

    /// <summary>Starts vpnc (see <see cref="HubSession.StartVpnc"/>) and fails the test unless it connects.</summary>
    /// <param name="output">Collects vpnc's stdout and stderr, when given.</param>
    public static ConnectedVpnc Start(HubSession hub, IReadOnlyDictionary<string, string>? knobs = null, StringBuilder? output = null)
    {
        // Counted from here: the headend may have completed phase 2 with an earlier client.
        var phase2 = Probe.Count(hub.HubLog, "%ASA-5-713120");
        var vpnc = new ConnectedVpnc(hub, hub.StartVpnc(knobs ?? new Dictionary<string, string>(), output));
        try
        {
            // The wrapper's block is complete once its sorted variables end with reason=connect.
            Assert.True(Probe.WaitFor(() => hub.ScriptEnvironment.Contains("\nreason=connect\n"), TimeSpan.FromSeconds(20)),
                $"vpnc did not connect\n{vpnc.Trail}");
            // vpnc runs its script (routes) before Quick Mode: the headend completes phase 2 after it.
            Assert.True(Probe.WaitFor(() => Probe.Count(hub.HubLog, "%ASA-5-713120") > phase2, TimeSpan.FromSeconds(10)),
                $"no IPsec SA\n{vpnc.Trail}");
            return vpnc;
        }
        catch
        {
            vpnc.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Waits until pings from the client are answered through the tunnel: vpnc installs its SA a moment
    /// after it sends QM3, so a test that counts packets starts once the tunnel answers.
    /// </summary>
    public void WaitForTraffic() =>
        Assert.True(Probe.WaitFor(() => Probe.Ping("198.18.1.2", 56), TimeSpan.FromSeconds(10)), $"no answer through the tunnel\n{_hub.HubLog}");

    /// <summary>The hub's log and what vpnc printed so far, for a failure's message.</summary>
    private string Trail => $"--- hub log ---\n{_hub.HubLog}\n--- vpnc ---\n{_hub.VpncOutput}";

    public void Dispose()
    {
        if (_stopped) return;
        _stopped = true;
        HubSession.StopVpnc(Process);
        Process.Dispose();
    }
}
