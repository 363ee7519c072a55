using System.Diagnostics;

namespace AsaEmu.Interop;

/// <summary>
/// A LAN-to-LAN tunnel between AsaEmu (netns hub, its LAN the kit's 198.18.1.0/24 with the host in
/// netns lan) and strongSwan as the other site (netns cli, swanctl, IKEv1 main mode with a pre-shared
/// key, its LAN 198.19.200.0/24, a host of it on cli's loopback). Traffic from either LAN brings
/// the tunnel up; pings cross it both ways. strongSwan's userspace ESP (kernel-libipsec) needs UDP
/// encapsulation, so it forces NAT-T, and both ends move to UDP 4500 at message 5. It also raises no
/// acquire for a trap policy (its ipsec0 takes the packets and drops them), so strongSwan's side starts
/// the tunnel with <c>swanctl --initiate</c>; traffic from the other side starting it is proven with two
/// AsaEmu processes (<see cref="BackToBackTests"/>).
/// </summary>
[Collection(nameof(VpncTests))]
public class SiteToSiteTests
{
    private const string SiteNet = "198.19.200.0/24", SiteHost = "198.19.200.1", Key = "l2l-Secret1";

    /// <summary>AsaEmu as site A: its LAN 198.18.1.0/24 to the other site's, peer 198.18.0.2, no PFS.</summary>
    private static readonly string Config =
        BackToBackTests.Site("asa-a", "198.18.0.1", "198.18.1.1", "198.18.1.0", "198.19.200.0", "198.18.0.2", Key, pfs: false);

    private const string SiteConf = $$"""
        connections {
          site {
            version = 1
            aggressive = no
            local_addrs = 198.18.0.2
            remote_addrs = 198.18.0.1
            proposals = aes256-sha1-modp2048
            encap = yes
            send_certreq = no
            local {
              auth = psk
              id = 198.18.0.2
            }
            remote {
              auth = psk
              id = 198.18.0.1
            }
            children {
              site {
                local_ts = {{SiteNet}}
                remote_ts = 198.18.1.0/24
                esp_proposals = aes256-sha1
                start_action = none
              }
            }
          }
        }
        secrets {
          ike-site {
            id-1 = 198.18.0.1
            id-2 = 198.18.0.2
            secret = {{Key}}
          }
        }
        """;

    /// <summary>The kit's topology with AsaEmu, and strongSwan in cli as the other site with its LAN.</summary>
    /// <param name="debug">A <c>debug crypto isakmp</c> level whose lines reach the hub log (711001).</param>
    /// <param name="knobs">More of up.sh's knobs (CHARON_CONF: the other site's own strongswan.conf).</param>
    internal static HubSession Sites(string? config = null, string siteConf = SiteConf, int debug = 0, IReadOnlyDictionary<string, string>? knobs = null)
    {
        config ??= Config;
        var hub = new HubSession(debug == 0 ? config : config.Replace("logging enable", "logging enable\nlogging debug-trace", StringComparison.Ordinal), debug);
        try
        {
            var (code, output) = hub.Run("cli-strongswan/up.sh", new Dictionary<string, string>(knobs ?? new Dictionary<string, string>()) { ["NO_INITIATE"] = "1" });
            Assert.True(code == 0, output);
            // The other site's LAN: one host on cli's loopback (this kernel has no dummy interfaces); the namespace goes with the topology.
            // Before the config loads: a trap policy's route takes this address as its source.
            Assert.Equal(0, Run("ip", "-n", "cli", "addr", "add", $"{SiteHost}/32", "dev", "lo").Code);
            var conf = Path.Combine(hub.State, "site-swanctl.conf");
            File.WriteAllText(conf, siteConf);
            var load = Swanctl(hub, "--load-all", "--noprompt", "--file", conf);
            Assert.True(load.Code == 0, load.Output);
            return hub;
        }
        catch
        {
            hub.Dispose();
            throw;
        }
    }

    /// <summary>swanctl against the other site's charon (the kit's swanctl.sh, with the session's state directory).</summary>
    internal static (int Code, string Output) Swanctl(HubSession hub, params string[] arguments) =>
        Run(hub.Variables, "bash", [Path.Combine(Kit.Dir, "cli-strongswan", "swanctl.sh"), .. arguments]);

    private static (int Code, string Output) Run(string file, params string[] arguments) => Run(null, file, arguments);

    private static (int Code, string Output) Run(IReadOnlyDictionary<string, string>? environment, string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }

    [KitFact]
    public void Traffic_from_the_asas_lan_brings_the_tunnel_up_and_pings_cross_it_both_ways()
    {
        using var hub = Sites();

        Assert.True(Probe.PingsThrough("lan", SiteHost), hub.HubLog);
        Assert.True(Probe.PingsThrough("cli", "198.18.1.2", SiteHost), hub.HubLog);

        var shown = hub.Show("show crypto isakmp sa", "show crypto ipsec sa");
        Assert.Contains("MM_ACTIVE", shown);
        Assert.Contains("198.19.200.0/255.255.255.0", shown);
        Assert.Contains("IKE Initiator: New Phase 1, Intf outside, IKE Peer 198.18.0.2", hub.HubLog);
        var sas = Swanctl(hub, "--list-sas").Output;
        Assert.Contains("site: #", sas);
        Assert.Contains("INSTALLED", sas);
    }

    [KitFact]
    public void The_other_site_starts_the_tunnel_and_asaemu_takes_its_mirrored_proxies()
    {
        using var hub = Sites();

        var (code, output) = Swanctl(hub, "--initiate", "--child", "site", "--timeout", "20");
        Assert.True(code == 0, output + "\n" + hub.HubLog);
        Assert.True(Probe.PingsThrough("cli", "198.18.1.2", SiteHost), hub.HubLog);
        Assert.True(Probe.PingsThrough("lan", SiteHost), hub.HubLog);
        Assert.Contains("MM_ACTIVE", hub.Show("show crypto isakmp sa"));
    }

    [KitFact]
    public void A_site_whose_proxies_do_not_mirror_the_crypto_acl_gets_no_sa()
    {
        using var hub = Sites();
        var wrong = Path.Combine(hub.State, "wrong-swanctl.conf");
        File.WriteAllText(wrong, SiteConf.Replace("remote_ts = 198.18.1.0/24", "remote_ts = 198.18.9.0/24", StringComparison.Ordinal));
        Assert.Equal(0, Swanctl(hub, "--load-all", "--noprompt", "--file", wrong).Code);

        var (code, _) = Swanctl(hub, "--initiate", "--child", "site", "--timeout", "15");

        Assert.NotEqual(0, code);
        Assert.Contains("Rejecting IPSec tunnel: no matching crypto map entry for remote proxy 198.19.200.0/255.255.255.0/0/0 local proxy 198.18.9.0/255.255.255.0/0/0 on interface outside",
            hub.Show("show logging"));
        Assert.DoesNotContain("inbound", hub.Show("show crypto ipsec sa"));
    }

    [KitFact]
    public void A_ping_from_the_asas_inside_interface_starts_the_tunnel_and_the_shows_name_a_site()
    {
        using var hub = Sites();

        // The first echo starts the tunnel and is lost, as on the ASA; the others cross it.
        var ping = hub.Show("ping inside 198.19.200.1");
        Assert.Matches(@"Sending 5, 100-byte ICMP Echos to 198\.19\.200\.1, timeout is 2 seconds:\n\?*!+\n", ping);
        Assert.Matches(@"Success rate is [1-9]\d* percent \([1-5]/5\)", ping);

        var isakmp = hub.Show("show crypto isakmp sa detail");
        Assert.Contains("IKE Peer: 198.18.0.2", isakmp);
        Assert.Contains("    Type    : L2L             Role    : initiator ", isakmp);
        Assert.Contains("State   : MM_ACTIVE ", isakmp);
        var ipsec = hub.Show("show crypto ipsec sa");
        Assert.Contains("Crypto map tag: MAP, seq num: 10, local addr: 198.18.0.1", ipsec);
        Assert.Contains("local ident (addr/mask/prot/port): (198.18.1.0/255.255.255.0/0/0)", ipsec);
        Assert.Contains("remote ident (addr/mask/prot/port): (198.19.200.0/255.255.255.0/0/0)", ipsec);
        Assert.Contains("in use settings ={L2L, Tunnel,  NAT-T-Encaps, IKEv1, }", ipsec);
        Assert.Matches(@"remaining key lifetime \(kB/sec\): \(\d+/\d+\)", ipsec);
        var sessions = hub.Show("show vpn-sessiondb l2l", "show vpn-sessiondb detail l2l", "show vpn-sessiondb ra-ikev1-ipsec");
        Assert.Contains("Session Type: LAN-to-LAN", sessions);
        Assert.Contains("Connection   : 198.18.0.2", sessions);
        Assert.Matches(@"Index        : \d+ +IP Addr      : 198\.18\.0\.2", sessions);
        Assert.Contains("Protocol     : IKEv1 IPsecOverNatT", sessions);
        Assert.Contains("IKE Neg Mode : Main                   Auth Mode    : preSharedKeys", sessions);
        Assert.Contains("Local Addr   : 198.18.1.0/255.255.255.0/0/0", sessions);
        Assert.Contains("INFO: There are presently no active sessions", sessions); // no remote-access client

        // Logging the site off ends both ends' SAs.
        Assert.Contains("INFO: Number of sessions with IP address of 198.18.0.2 logged off : 1",
            hub.Show("vpn-sessiondb logoff ipaddress 198.18.0.2 noconfirm"));
        Assert.True(Probe.WaitFor(() => !Swanctl(hub, "--list-sas").Output.Contains("INSTALLED", StringComparison.Ordinal), TimeSpan.FromSeconds(10)),
            Swanctl(hub, "--list-sas").Output);
        Assert.Contains("There are no ipsec sas", hub.Show("show crypto ipsec sa"));
    }

    [KitFact]
    public void Clear_crypto_isakmp_sa_of_the_peer_ends_a_tunnel_the_other_site_started()
    {
        using var hub = Sites();
        var (code, output) = Swanctl(hub, "--initiate", "--child", "site", "--timeout", "20");
        Assert.True(code == 0, output + "\n" + hub.HubLog);
        Assert.Contains("    Type    : L2L             Role    : responder ", hub.Show("show crypto isakmp sa"));

        hub.Show("clear crypto isakmp sa 198.18.0.2");

        Assert.True(Probe.WaitFor(() => !Swanctl(hub, "--list-sas").Output.Contains("site: #", StringComparison.Ordinal), TimeSpan.FromSeconds(10)),
            Swanctl(hub, "--list-sas").Output);
        Assert.Contains("There are no IKEv1 SAs", hub.Show("show crypto isakmp sa"));
    }

    [KitFact]
    public void A_wrong_pre_shared_key_fails_main_mode_and_installs_nothing()
    {
        using var hub = Sites(siteConf: SiteConf.Replace($"secret = {Key}", "secret = not-the-key", StringComparison.Ordinal), debug: 1);

        // The headend drops the undecryptable MM5 and charon retransmits until it gives up: swanctl
        // stops waiting after 3 s (charon goes on), and the headend's line below is the signal.
        var (code, _) = Swanctl(hub, "--initiate", "--child", "site", "--timeout", "3");

        Assert.NotEqual(0, code);
        Assert.True(Probe.WaitFor(() => hub.HubLog.Contains("ERROR, had problems decrypting packet, probably due to mismatched pre-shared key.  Aborting", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10)), hub.HubLog);
        Assert.Contains("There are no ipsec sas", hub.Show("show crypto ipsec sa"));
        Assert.DoesNotContain("INSTALLED", Swanctl(hub, "--list-sas").Output);
        Assert.False(Probe.PingsThrough("lan", SiteHost, tries: 2));
    }

    [KitFact]
    public void With_pfs_both_ends_agree_on_its_group_and_traffic_crosses()
    {
        using var hub = Sites(BackToBackTests.Site("asa-a", "198.18.0.1", "198.18.1.1", "198.18.1.0", "198.19.200.0", "198.18.0.2", Key, pfs: true),
            SiteConf.Replace("esp_proposals = aes256-sha1", "esp_proposals = aes256-sha1-modp2048", StringComparison.Ordinal));

        Assert.True(Probe.PingsThrough("lan", SiteHost), hub.HubLog);
        Assert.Contains("in use settings ={L2L, Tunnel,  NAT-T-Encaps, PFS Group 14, IKEv1, }", hub.Show("show crypto ipsec sa"));
        Assert.Contains("PFS Group    : 14", hub.Show("show vpn-sessiondb detail l2l"));
        Assert.Contains("MODP_2048", Swanctl(hub, "--list-sas").Output);
    }

    [KitFact]
    public void Iperf3_runs_between_the_two_lans()
    {
        using var hub = Sites();
        Assert.True(Probe.PingsThrough("lan", SiteHost), hub.HubLog);
        using var server = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", "lan", "iperf3", "-s", "-1", "-B", "198.18.1.2"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            // The server listens once its socket is bound: the client retries until it connects.
            (int Code, string Output) run = (-1, "");
            Assert.True(Probe.WaitFor(() => (run = Probe.InNetns("cli", "iperf3", "-c", "198.18.1.2", "-B", SiteHost, "-t", "3", "-J")).Code == 0
                || !run.Output.Contains("Connection refused", StringComparison.Ordinal), TimeSpan.FromSeconds(10)), run.Output);
            Assert.True(run.Code == 0, run.Output + "\n" + hub.HubLog);
            using var result = System.Text.Json.JsonDocument.Parse(run.Output);
            Assert.True(result.RootElement.TryGetProperty("end", out var end) && end.TryGetProperty("sum_received", out var received)
                && received.GetProperty("bytes").GetInt64() > 0, run.Output);
        }
        finally
        {
            if (!server.HasExited) server.Kill(entireProcessTree: true);
        }
        Assert.Matches(@"#pkts decaps: [1-9]\d{2,}", hub.Show("show crypto ipsec sa"));
    }

    [KitFact]
    public void A_site_behind_a_nat_that_moves_its_ports_comes_up_over_nat_t()
    {
        using var hub = Sites(Config.Replace("198.18.0.2", NatNamespace.Outside, StringComparison.Ordinal),
            SiteConf.Replace("198.18.0.2", NatNamespace.Inside, StringComparison.Ordinal));
        using var nat = new NatNamespace();

        var (code, output) = Swanctl(hub, "--initiate", "--child", "site", "--timeout", "20");
        Assert.True(code == 0, output + "\n" + hub.HubLog);
        Assert.True(Probe.PingsThrough("cli", "198.18.1.2", SiteHost), hub.HubLog);
        Assert.True(Probe.PingsThrough("lan", SiteHost), hub.HubLog);

        // The headend sees the NAT's address and the port it chose, not the site's own.
        Assert.Matches(@"remote crypto endpt\.: 198\.18\.3\.1/40\d\d\d", hub.Show("show crypto ipsec sa"));
        Assert.Contains($"Connection   : {NatNamespace.Outside}", hub.Show("show vpn-sessiondb l2l"));
        Assert.Contains("dport=4500", NatNamespace.Conntrack());
    }
}
