using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace AsaEmu.Interop;

/// <summary>
/// Connections that must fail, ended as the ASA ends them (reference §2.8), with real clients:
/// a wrong group key, an unknown group, no acceptable phase-1 proposal, a wrong XAUTH password,
/// an exhausted address pool. Each test then checks that the headend kept nothing of it (no IKE
/// or IPsec SA, no address lease) and that a good connection still works.
/// </summary>
[Collection(nameof(VpncTests))]
public class FailureTests
{
    private static readonly Dictionary<string, string> Good = new() { ["VPNC_DEBUG"] = "1" };

    [KitFact]
    public void A_wrong_group_key_fails_the_clients_hash_check_and_installs_nothing()
    {
        using var hub = new HubSession(DebugTrace(HubSession.KitConfig), debug: 127);
        var output = new StringBuilder();
        using (var vpnc = hub.StartVpnc(new Dictionary<string, string> { ["VPNC_EXTRA"] = "--secret wrong" }, output))
        {
            // vpnc checks HASH_R in AM2 first, gives up and sends nothing more.
            Assert.True(ExitsWithin(vpnc, 15_000), $"vpnc did not give up\n{output}");
            Assert.NotEqual(0, vpnc.ExitCode);
        }
        Assert.Contains("hash comparison failed", output.ToString());
        var log = hub.HubLog;
        Assert.Contains("IKE_DECODE SENDING Message (msgid=0) with payloads : HDR + SA (1) + KE (4) + NONCE (10) + ID (5) + HASH (8)", log);
        Assert.DoesNotContain("PHASE 1 COMPLETED", log);
        Assert.DoesNotContain("%ASA-6-713228", log);

        // The negotiation waits for an AM3 that never comes: half open, nothing installed.
        var show = hub.Show("show crypto isakmp sa", "show crypto ipsec sa");
        Assert.Contains("AM_WAIT_MSG3", show);
        Assert.Contains("There are no ipsec sas", show);
        AssertPoolFree(hub);

        ConnectGoodVpnc(hub);
    }

    [KitFact]
    public void An_unknown_group_is_refused_at_aggressive_mode_message_1()
    {
        using var hub = new HubSession();
        var output = new StringBuilder();
        using (var vpnc = hub.StartVpnc(new Dictionary<string, string> { ["VPNC_EXTRA"] = "--id NOPE" }, output))
        {
            try
            {
                Assert.True(Probe.WaitFor(() => hub.HubLog.Contains("unknown tunnel group name NOPE"), TimeSpan.FromSeconds(10)), hub.HubLog);
            }
            finally
            {
                HubSession.StopVpnc(vpnc);
            }
        }
        Assert.Contains("%ASA-4-713255: IP = 198.18.0.2, Received ISAKMP Aggressive Mode message 1 with unknown tunnel group name NOPE", hub.HubLog);
        AssertNothingLeft(hub);
        ConnectGoodVpnc(hub);
    }

    [KitFact]
    public void No_acceptable_phase_1_proposal_is_answered_with_no_proposal_chosen()
    {
        // vpnc offers DH group 2 only (--dh dh2): a policy of group 5 cannot match any of its transforms.
        var config = HubSession.KitConfig.Replace(" group 2\n", " group 5\n", StringComparison.Ordinal)
            .Replace("crypto isakmp policy 20\n authentication pre-share\n encryption aes-256\n hash sha\n group 14\n lifetime 86400\n", "", StringComparison.Ordinal);
        Assert.DoesNotContain("group 14", config);
        using var hub = new HubSession(DebugTrace(config), debug: 127);
        var output = new StringBuilder();
        using (var vpnc = hub.StartVpnc(Good, output))
        {
            try
            {
                Assert.True(Probe.WaitFor(() => hub.HubLog.Contains("Error processing payload: Payload ID: 1"), TimeSpan.FromSeconds(10)), hub.HubLog);
                // The notify answers vpnc at once: it gives up without retransmitting.
                Assert.True(ExitsWithin(vpnc, 15_000), $"vpnc did not give up\n{output}");
            }
            finally
            {
                HubSession.StopVpnc(vpnc);
            }
        }
        var log = hub.HubLog;
        Assert.Contains("%ASA-7-711001: ", log);
        Assert.Contains("[IKEv1 DEBUG]Group = EZ, IP = 198.18.0.2, All SA proposals found unacceptable", log);
        Assert.Contains("[IKEv1]Group = EZ, IP = 198.18.0.2, Error processing payload: Payload ID: 1", log);
        Assert.Contains("IKE_DECODE SENDING Message (msgid=", log);
        Assert.Contains("with payloads : HDR + NOTIFY (11) + NONE (0)", log);
        // vpnc reads any informational exchange in place of AM2 as a wrong exchange type, and stops.
        Assert.True(output.ToString().Contains("response was invalid [1]:  (ISAKMP_N_INVALID_EXCHANGE_TYPE)(7)", StringComparison.Ordinal), output.ToString());
        AssertNothingLeft(hub);
    }

    [KitFact]
    public void StrongSwan_with_aes128_and_modp2048_gets_no_proposal_chosen_from_the_kit_config()
    {
        // The kit config's group 14 policy is aes-256: the ASA matches cipher, hash and group exactly.
        using var hub = new HubSession(DebugTrace(HubSession.KitConfig), debug: 127);
        var watch = Stopwatch.StartNew();
        var (code, _) = hub.Run("cli-strongswan/up.sh", new Dictionary<string, string> { ["IKE_PROPOSALS"] = "aes128-sha1-modp2048" });
        Assert.NotEqual(0, code);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the client waited {watch.Elapsed} instead of taking the notify");
        var initiate = File.ReadAllText(Path.Combine(hub.State, "cli-ss", "initiate.log"));
        Assert.Contains("received NO_PROPOSAL_CHOSEN error notify", initiate);
        Assert.True(Probe.WaitFor(() => hub.HubLog.Contains("[IKEv1]Group = EZ, IP = 198.18.0.2, Error processing payload: Payload ID: 1"), TimeSpan.FromSeconds(5)), hub.HubLog);
        hub.Run("cli-strongswan/down.sh", "");
        AssertNothingLeft(hub);
    }

    [KitFact]
    public void A_wrong_xauth_password_is_refused_three_times_then_the_session_ends()
    {
        // strongSwan answers each of the ASA's three XAUTH requests with the same wrong password.
        using var hub = new HubSession();
        var (code, output) = hub.Run("cli-strongswan/up.sh", new Dictionary<string, string> { ["NO_INITIATE"] = "1" });
        Assert.True(code == 0, output);
        var conf = Path.Combine(hub.State, "cli-ss", "swanctl.conf");
        var text = File.ReadAllText(conf);
        var xauth = text.IndexOf("xauth-cisco", StringComparison.Ordinal);
        var wrong = Path.Combine(hub.State, "cli-ss", "swanctl-wrong-xauth.conf");
        File.WriteAllText(wrong, text[..xauth] + text[xauth..].Replace("secret = cisco", "secret = wrong", StringComparison.Ordinal));
        Assert.Equal(0, SwanCtl(hub, "--load-creds", "--noprompt", "--file", wrong).Code);
        var (initiated, initiate) = SwanCtl(hub, "--initiate", "--child", "ez", "--timeout", "15");
        Assert.NotEqual(0, initiated);
        Assert.Contains("XAuth authentication of 'cisco' (myself) failed", initiate);
        Assert.True(Probe.WaitFor(() => Probe.Count(hub.HubLog, "%ASA-3-713167") == 3, TimeSpan.FromSeconds(5)), hub.HubLog);
        Assert.Contains("%ASA-3-713167: Group = EZ, IP = 198.18.0.2, Remote peer has failed user authentication -  check configured username and password", hub.HubLog);
        Assert.DoesNotContain("PHASE 1 COMPLETED", hub.HubLog);
        Assert.DoesNotContain("%ASA-5-713259", hub.HubLog);
        hub.Run("cli-strongswan/down.sh", "");
        AssertNothingLeft(hub);
        ConnectGoodVpnc(hub);
    }

    [KitFact]
    public void Vpnc_with_a_wrong_xauth_password_gives_up_at_the_second_request_and_deletes_the_sa()
    {
        // vpnc in non-interactive mode cannot answer the ASA's second XAUTH request: it sends a
        // notify and deletes the IKE SA, before the ASA's third try.
        using var hub = new HubSession();
        var output = new StringBuilder();
        using (var vpnc = hub.StartVpnc(new Dictionary<string, string> { ["VPNC_EXTRA"] = "--password wrong" }, output))
        {
            Assert.True(ExitsWithin(vpnc, 15_000), $"vpnc did not give up\n{output}");
            Assert.NotEqual(0, vpnc.ExitCode);
        }
        Assert.Contains("noninteractive can't reuse password", output.ToString());
        var log = hub.HubLog;
        Assert.Equal(1, Probe.Count(log, "%ASA-3-713167: Group = EZ, IP = 198.18.0.2, Remote peer has failed user authentication -  check configured username and password"));
        // No session came up, so none is torn down or counted as disconnected.
        Assert.DoesNotContain("PHASE 1 COMPLETED", log);
        Assert.DoesNotContain("%ASA-5-713259", log);
        Assert.DoesNotContain("%ASA-4-113019", log);
        AssertNothingLeft(hub);
        ConnectGoodVpnc(hub);
    }

    [KitFact]
    public void A_client_finding_the_pool_exhausted_gets_no_address_and_no_session()
    {
        // A pool of one address: the strongSwan client takes it, vpnc (on another local port) finds none.
        var config = HubSession.KitConfig.Replace("ip local pool POOL 198.19.0.10-198.19.0.99", "ip local pool POOL 198.19.0.10-198.19.0.10", StringComparison.Ordinal);
        using var hub = new HubSession(DebugTrace(config), debug: 127);
        try
        {
            var (code, output) = hub.Run("cli-strongswan/up.sh", new Dictionary<string, string>());
            Assert.True(code == 0, $"{output}\n{hub.HubLog}");
            var vpncOutput = new StringBuilder();
            using var vpnc = hub.StartVpnc(new Dictionary<string, string> { ["NATT"] = "none", ["VPNC_EXTRA"] = "--local-port 0 --ifname tun1" }, vpncOutput);
            try
            {
                Assert.True(Probe.WaitFor(() => hub.HubLog.Contains("%ASA-3-713132"), TimeSpan.FromSeconds(10)), hub.HubLog);
            }
            finally
            {
                // vpnc ignores the DELETE while it waits for its Mode Config reply (README 9.1), so stop it.
                HubSession.StopVpnc(vpnc);
            }
            var log = hub.HubLog;
            Assert.Contains("%ASA-3-713132: Group = EZ, Username = cisco, IP = 198.18.0.2, Cannot obtain an IP_address for remote peer", log);
            // The ASA ends the IKE SA and tells the client.
            var after = log[log.IndexOf("%ASA-3-713132", StringComparison.Ordinal)..];
            Assert.Contains("sending delete/delete with reason message", after);
            Assert.Contains("with payloads : HDR + HASH (8) + DELETE (12) + NONE (0)", after);
            Assert.Equal(1, Probe.Count(log, "%ASA-5-713119"));
            // Only the strongSwan client's session is left, and it still carries traffic.
            var show = hub.Show("show crypto isakmp sa");
            Assert.Equal(1, Probe.Count(show, "AM_ACTIVE"));
            Assert.Contains("Total IKE SA: 1", show);
            Assert.True(Probe.Ping("198.18.1.2", 56), hub.HubLog);
        }
        finally
        {
            hub.Run("cli-strongswan/down.sh", "");
        }
        AssertNothingLeft(hub);
        ConnectGoodVpnc(hub);
    }

    /// <summary>The config with <c>logging debug-trace</c>: with <c>--debug</c>, hub.log then has the debug lines as 711001.</summary>
    private static string DebugTrace(string config) => config + "\nlogging debug-trace\n";

    private static (int Code, string Output) SwanCtl(HubSession hub, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Kit.Dir, "cli-strongswan", "swanctl.sh"), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (k, v) in hub.Variables) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000)) process.Kill(entireProcessTree: true);
        return (process.HasExited ? process.ExitCode : -1, stdout.Result + stderr.Result);
    }

    /// <summary>No IKE SA, no IPsec SA, every pool address free.</summary>
    private static void AssertNothingLeft(HubSession hub)
    {
        string show = "";
        Assert.True(Probe.WaitFor(() => (show = hub.Show("show crypto isakmp sa", "show crypto ipsec sa")).Contains("There are no IKEv1 SAs"), TimeSpan.FromSeconds(5)), show);
        Assert.Contains("There are no ipsec sas", show);
        AssertPoolFree(hub);
    }

    private static void AssertPoolFree(HubSession hub)
    {
        var pool = hub.Show("show ip local pool POOL");
        Assert.Matches(@"\n198\.19\.0\.10\s+198\.19\.0\.\d+\s+255\.255\.255\.0\s+\d+\s+0\s+0", pool);
    }

    /// <summary>After a failure a good vpnc still connects, gets the first address and pings through, then disconnects.</summary>
    private static void ConnectGoodVpnc(HubSession hub)
    {
        var before = Probe.Count(hub.HubLog, "%ASA-5-713259");
        using (ConnectedVpnc.Start(hub, Good))
        {
            Assert.Contains("INTERNAL_IP4_ADDRESS=198.19.0.10", hub.ScriptEnvironment);
            Assert.True(Probe.Ping("198.18.1.2", 56), $"no answer through the tunnel\n{hub.HubLog}");
        }
        Assert.True(Probe.WaitFor(() => Probe.Count(hub.HubLog, "%ASA-5-713259") > before, TimeSpan.FromSeconds(10)), hub.HubLog);
    }

    /// <summary>
    /// True when <paramref name="vpnc"/> exits in time, with all its output collected: the timed
    /// wait returns before the asynchronous readers have delivered the last lines.
    /// </summary>
    private static bool ExitsWithin(Process vpnc, int milliseconds)
    {
        if (!vpnc.WaitForExit(milliseconds)) return false;
        vpnc.WaitForExit();
        return true;
    }
}
