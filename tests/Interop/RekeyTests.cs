using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AsaEmu.Interop;

/// <summary>
/// Phase 2 rekeys the headend starts, against an unmodified vpnc (which never starts one itself).
/// A 10 kB IPsec lifetime (the ASA's smallest) makes a few dozen pings cross it several times.
/// </summary>
[Collection(nameof(VpncTests))]
public class RekeyTests
{
    [KitFact]
    public void Clear_crypto_ipsec_sa_keeps_the_session_and_vpnc_negotiates_a_new_ipsec_sa()
    {
        using var hub = new HubSession();
        using (var vpnc = ConnectedVpnc.Start(hub))
        {
            vpnc.WaitForTraffic();

            hub.Show("clear crypto ipsec sa");
            // vpnc answers the DELETE of its SA with a new Quick Mode on the same IKE SA (a second PHASE 2
            // COMPLETED, as responder). Traffic is not checked: vpnc 0.5.3 then goes on encrypting with its
            // old keys (it re-keys its ciphers only in a rekey the headend starts), as it would with an ASA.
            Assert.True(Probe.WaitFor(() => Probe.Count(hub.HubLog, "%ASA-5-713120") >= 2, TimeSpan.FromSeconds(20)), hub.HubLog);
            Assert.Equal(4, Probe.Count(hub.HubLog, "%ASA-6-602303"));
            Assert.Equal(2, Probe.Count(hub.HubLog, "%ASA-6-602304"));
            Assert.DoesNotContain("%ASA-5-713259", hub.HubLog);
            Assert.Contains("IKE Peer: 198.18.0.2", hub.Show("show crypto isakmp sa"));
        }
    }

    /// <param name="pfs">vpnc's --pfs: "server" (no PFS with the kit's map) or "dh2" (PFS, which each rekey must repeat, or vpnc refuses it).</param>
    [KitTheory]
    [InlineData("server")]
    [InlineData("dh2")]
    public void The_headend_rekeys_vpnc_at_the_kilobyte_lifetime_and_traffic_goes_on(string pfs)
    {
        const string Lifetime = "crypto ipsec security-association lifetime kilobytes ";
        var config = HubSession.KitConfig.Replace(Lifetime + "4608000", Lifetime + "10", StringComparison.Ordinal);
        Assert.Contains(Lifetime + "10\n", config);
        using var hub = new HubSession(config);
        using (ConnectedVpnc.Start(hub, new Dictionary<string, string> { ["PFS"] = pfs }))
        {
            // 40 x 1028 inner bytes each way, 10 a second: four times the lifetime.
            var (sent, received, _) = Probe.PingCount("cli", "198.18.1.2", 1000, 40, interval: 0.1);
            var log = hub.HubLog;
            var rekeys = Regex.Matches(log, @"Security negotiation complete for User \(cisco\)  Initiator, Inbound SPI = 0x([0-9a-f]{8})");
            Assert.True(rekeys.Count >= 2, $"expected at least two headend rekeys\n{log}");
            Assert.True(received >= sent - 1, $"{sent - received} of {sent} pings lost across the rekeys\n{log}");

            // The SA in use now is a rekey's, and it carries the traffic. (A replaced SA is deleted once its own
            // lifetime ends: when traffic moved to its successor before its last kilobytes, at its seconds.)
            var show = hub.Show("show crypto ipsec sa");
            Assert.Contains($"current inbound spi : {rekeys[^1].Groups[1].Value.ToUpperInvariant()}", show);
            Assert.True(Probe.Ping("198.18.1.2", 56), $"no answer after the rekeys\n{hub.HubLog}");
        }
    }
}
