using System.Diagnostics;

namespace AsaEmu.Interop;

/// <summary>
/// A LAN-to-LAN tunnel between AsaEmu (netns hub, its LAN the kit's 198.18.1.0/24 with the host in
/// netns lan) and strongSwan as the other site (netns cli, swanctl, IKEv1 main mode with a pre-shared
/// key, its LAN 198.19.200.0/24, a host of it on cli's loopback). Traffic from either LAN brings
/// the tunnel up; pings cross it both ways. strongSwan's userspace ESP (kernel-libipsec) needs UDP
/// encapsulation, so it forces NAT-T, and both ends move to UDP 4500 at message 5.
/// </summary>
[Collection(nameof(VpncTests))]
public class SiteToSiteTests
{
    private const string SiteNet = "198.19.200.0/24", SiteHost = "198.19.200.1", Key = "l2l-Secret1";

    private const string Config = $"""
        hostname asa-a
        interface GigabitEthernet0/0
         nameif outside
         security-level 0
         ip address 198.18.0.1 255.255.255.0
        interface GigabitEthernet0/1
         nameif inside
         security-level 100
         ip address 198.18.1.1 255.255.255.0
        logging enable
        logging buffered debugging
        passwd cisco
        access-list L2L extended permit ip 198.18.1.0 255.255.255.0 198.19.200.0 255.255.255.0
        crypto ipsec ikev1 transform-set TS esp-aes-256 esp-sha-hmac
        crypto map MAP 10 match address L2L
        crypto map MAP 10 set peer 198.18.0.2
        crypto map MAP 10 set ikev1 transform-set TS
        crypto map MAP interface outside
        crypto ikev1 enable outside
        crypto ikev1 policy 10
         authentication pre-share
         encryption aes-256
         hash sha
         group 14
         lifetime 86400
        tunnel-group 198.18.0.2 type ipsec-l2l
        tunnel-group 198.18.0.2 ipsec-attributes
         ikev1 pre-shared-key {Key}
        """;

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
    private static HubSession Sites()
    {
        var hub = new HubSession(Config);
        try
        {
            var (code, output) = hub.Run("cli-strongswan/up.sh", new Dictionary<string, string> { ["NO_INITIATE"] = "1" });
            Assert.True(code == 0, output);
            var conf = Path.Combine(hub.State, "site-swanctl.conf");
            File.WriteAllText(conf, SiteConf);
            var load = Swanctl(hub, "--load-all", "--noprompt", "--file", conf);
            Assert.True(load.Code == 0, load.Output);
            // The other site's LAN: one host on cli's loopback (this kernel has no dummy interfaces); the namespace goes with the topology.
            Assert.Equal(0, Run("ip", "-n", "cli", "addr", "add", $"{SiteHost}/32", "dev", "lo").Code);
            return hub;
        }
        catch
        {
            hub.Dispose();
            throw;
        }
    }

    /// <summary>swanctl against the other site's charon (the kit's swanctl.sh, with the session's state directory).</summary>
    private static (int Code, string Output) Swanctl(HubSession hub, params string[] arguments) =>
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

    /// <summary>Pings once a second until one comes back (the first ones start the tunnel and are dropped, as on the ASA), within 20 tries.</summary>
    private static bool PingsThrough(string ns, string target, string? source = null)
    {
        for (var i = 0; i < 20; i++)
        {
            string[] args = ["netns", "exec", ns, "ping", "-c", "1", "-W", "1", .. source is null ? Array.Empty<string>() : ["-I", source], target];
            if (Run("ip", args).Code == 0) return true;
        }
        return false;
    }

    [KitFact]
    public void Traffic_from_the_asas_lan_brings_the_tunnel_up_and_pings_cross_it_both_ways()
    {
        using var hub = Sites();

        Assert.True(PingsThrough("lan", SiteHost), hub.HubLog);
        Assert.True(PingsThrough("cli", "198.18.1.2", SiteHost), hub.HubLog);

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
        Assert.True(PingsThrough("cli", "198.18.1.2", SiteHost), hub.HubLog);
        Assert.True(PingsThrough("lan", SiteHost), hub.HubLog);
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
}
