using System.Diagnostics;

namespace AsaEmu.Interop;

/// <summary>
/// Dead peer detection with an unmodified vpnc, each way. A side that hears from its peer does not
/// ask (RFC 3706 §5.3: only an idle peer is asked), so each test keeps the other side silent; vpnc
/// with <c>--dpd-idle 0</c> would not offer DPD at all, and is then never asked.
/// </summary>
[Collection(nameof(VpncTests))]
public class DpdTests
{
    private const string DebugTrace = "\nlogging debug-trace\n";

    [KitFact]
    public void Vpnc_r_u_there_is_answered()
    {
        Run(HubSession.KitConfig + DebugTrace, "--dpd-idle 10", "Sending keep-alive of type DPD R-U-THERE-ACK (seq number 0x");
    }

    [KitFact]
    public void The_headend_asks_an_idle_vpnc_and_it_answers()
    {
        Run(HubSession.KitConfig + "\ntunnel-group EZ ipsec-attributes\n isakmp keepalive threshold 10 retry 2" + DebugTrace,
            "--dpd-idle 300", "Received keep-alive of type DPD R-U-THERE-ACK (seq number 0x");
    }

    private static void Run(string config, string vpncDpd, string answered)
    {
        using var hub = new HubSession(config, debug: 127);
        using (ConnectedVpnc.Start(hub, new Dictionary<string, string> { ["VPNC_EXTRA"] = vpncDpd }))
        {
            // The idle threshold is 10 s on the asking side.
            Assert.True(Probe.WaitFor(() => hub.HubLog.Contains(answered), TimeSpan.FromSeconds(30)), $"no '{answered}'\n{hub.HubLog}");
            Assert.DoesNotContain("%ASA-3-713123", hub.HubLog);
            Assert.Contains("AM_ACTIVE", hub.Show("show crypto isakmp sa"));
        }
    }
}
