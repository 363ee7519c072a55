namespace AsaEmu.Interop;

/// <summary>
/// A remote-access client in main mode, as Android's "IPSec Xauth PSK" and iOS-style clients connect:
/// strongSwan (the kit's charon in netns cli) with IKEv1 main mode, a pre-shared key, XAUTH and a
/// Mode Config pull. Main mode hides the group name, so the headend picks the key by the peer's
/// address: no tunnel-group is named 198.18.0.2, so DefaultRAGroup answers.
/// </summary>
[Collection(nameof(VpncTests))]
public class MainModeClientTests
{
    private static readonly string Config = HubSession.KitConfig + """

        tunnel-group DefaultRAGroup general-attributes
         address-pool POOL
         default-group-policy EZ
        tunnel-group DefaultRAGroup ipsec-attributes
         ikev1 pre-shared-key mm-Secret1
        """;

    private const string ClientConf = """
        connections {
          mm {
            version = 1
            aggressive = no
            remote_addrs = 198.18.0.1
            vips = 0.0.0.0
            proposals = aes128-sha1-modp1024
            encap = yes
            send_certreq = no
            local {
              auth = psk
              id = 198.18.0.2
            }
            local-xauth {
              auth = xauth
              xauth_id = cisco
            }
            remote {
              auth = psk
              id = %any
            }
            children {
              mm {
                remote_ts = 198.18.1.0/24
                esp_proposals = aes128-sha1
                start_action = none
              }
            }
          }
        }
        secrets {
          ike-mm {
            secret = mm-Secret1
          }
          xauth-mm {
            id = cisco
            secret = cisco
          }
        }
        """;

    [KitFact]
    public void A_main_mode_client_with_xauth_gets_its_address_from_defaultragroup_and_pings()
    {
        using var hub = new HubSession(Config);
        try
        {
            var (code, output) = hub.Run("cli-strongswan/up.sh", new Dictionary<string, string> { ["NO_INITIATE"] = "1" });
            Assert.True(code == 0, output);
            var conf = Path.Combine(hub.State, "mm-swanctl.conf");
            File.WriteAllText(conf, ClientConf);
            Assert.Equal(0, SiteToSiteTests.Swanctl(hub, "--load-all", "--noprompt", "--file", conf).Code);

            var initiate = SiteToSiteTests.Swanctl(hub, "--initiate", "--child", "mm", "--timeout", "20");
            Assert.True(initiate.Code == 0, initiate.Output + "\n" + hub.HubLog);

            Assert.Matches(@"198\.19\.0\.10/32", Probe.InNetns("cli", "ip", "-br", "-4", "addr", "show", "dev", "ipsec0").Output);
            Assert.True(Probe.Ping("198.18.1.2", 56), $"no answer through the tunnel\n{hub.HubLog}");
            var shown = hub.Show("show crypto isakmp sa", "show vpn-sessiondb detail ra-ikev1-ipsec");
            Assert.Contains("    Type    : user            Role    : responder ", shown);
            Assert.Contains("State   : MM_ACTIVE ", shown);
            Assert.Contains("Username     : cisco", shown);
            Assert.Contains("Tunnel Group : DefaultRAGroup", shown);
            Assert.Contains("IKE Neg Mode : Main                   Auth Mode    : preSharedKeysXauth", shown);
        }
        finally
        {
            hub.Run("cli-strongswan/down.sh", "");
        }
    }
}
