using System.Text.RegularExpressions;

namespace AsaEmu.Interop;

/// <summary>
/// strongSwan 5.9 as a Cisco Unity client (the kit's cli-strongswan) against the real asaemu
/// process: aggressive mode with the group key, XAUTH, a Mode Config pull of the virtual IP and
/// split-include, Quick Mode for 0.0.0.0/0 narrowed to the split-include, ESP through the TUN
/// device, and the DELETEs on disconnect; the split-exclude list as bypass policies; a push for a client
/// that waits for one.
/// </summary>
[Collection(nameof(VpncTests))]
public class StrongSwanClientTests
{
    /// <summary>
    /// The IKE proposals: MODP1024 meets the kit config's policy 10 (aes, sha, group 2); for
    /// MODP2048 its only policy is 20 (aes-256, sha, group 14), so the client offers AES-256.
    /// </summary>
    public static TheoryData<string> Proposals => new() { "aes128-sha1-modp1024", "aes256-sha1-modp2048" };

    [KitTheory]
    [MemberData(nameof(Proposals))]
    public void StrongSwan_client_gets_its_virtual_ip_and_split_include_and_completes_quick_mode(string proposals)
    {
        using var hub = new HubSession();
        try
        {
            var (code, output) = hub.Run("cli-strongswan/up.sh", new Dictionary<string, string> { ["IKE_PROPOSALS"] = proposals });
            Assert.True(code == 0, $"the strongSwan client did not connect: {output}\n--- hub log ---\n{hub.HubLog}");

            // The virtual IP on ipsec0, and the split-include routed into the tunnel (table 220).
            var address = Probe.InNetns("cli", "ip", "-br", "-4", "addr", "show", "dev", "ipsec0").Output;
            Assert.Matches(@"198\.19\.0\.10/32", address);
            var routes = Probe.InNetns("cli", "ip", "route", "show", "table", "220").Output;
            Assert.Matches(@"198\.18\.1\.0/24 dev ipsec0 .*src 198\.19\.0\.10", routes);

            Assert.True(Probe.Ping("198.18.1.2", 56), $"no answer through the tunnel\n{hub.HubLog}");
            Assert.True(Probe.Ping("198.18.1.2", 1300), $"no answer to 1300-byte pings\n{hub.HubLog}");

            Assert.True(Probe.WaitFor(() => hub.HubLog.Contains("%ASA-5-713120"), TimeSpan.FromSeconds(5)), hub.HubLog);
            var log = hub.HubLog;
            Assert.Contains("%ASA-6-713228: Group = EZ, Username = cisco, IP = 198.18.0.2, Assigned private IP address 198.19.0.10 to remote user", log);
            Assert.Contains("%ASA-5-713119: Group = EZ, Username = cisco, IP = 198.18.0.2, PHASE 1 COMPLETED", log);
            Assert.Contains("Security negotiation complete for User (cisco)  Responder, Inbound SPI = 0x", log);
            Assert.Matches(@"%ASA-5-713120: Group = EZ, Username = cisco, IP = 198\.18\.0\.2, PHASE 2 COMPLETED \(msgid=[0-9a-f]{8}\)", log);

            // The headend's view: one active IKE SA and the SA pair for the virtual IP, with traffic.
            var show = hub.Show("show crypto isakmp sa", "show crypto ipsec sa");
            Assert.Contains("AM_ACTIVE", show);
            Assert.Contains("remote ident (addr/mask/prot/port): (198.19.0.10/255.255.255.255/0/0)", show);
            Assert.Matches(@"#pkts decaps: [1-9]", show);
        }
        finally
        {
            hub.Run("cli-strongswan/down.sh", "");
        }
        Assert.True(Probe.WaitFor(() => hub.HubLog.Contains("%ASA-5-713259"), TimeSpan.FromSeconds(10)), hub.HubLog);
        Assert.Contains("%ASA-5-713259: Group = EZ, Username = cisco, IP = 198.18.0.2, Session is being torn down. Reason: User Requested", hub.HubLog);
        Assert.Contains("There are no IKEv1 SAs", hub.Show("show crypto isakmp sa"));
        Assert.Matches(@"198\.19\.0\.99\s+255\.255\.255\.0\s+90\s+0\s+0", hub.Show("show ip local pool POOL"));
    }

    /// <summary>
    /// strongSwan with <c>pull = no</c> asks for nothing after XAUTH and waits for the server: the
    /// headend pushes Mode Config (CFG_SET), the client ACKs, and the tunnel comes up as with a pull.
    /// </summary>
    [KitFact]
    public void StrongSwan_client_waiting_for_a_push_gets_its_virtual_ip_pushed()
    {
        using var hub = new HubSession(HubSession.KitConfig + "\nlogging debug-trace\n", debug: 127);
        try
        {
            ConnectWaitingForPush(hub);

            var address = Probe.InNetns("cli", "ip", "-br", "-4", "addr", "show", "dev", "ipsec0").Output;
            Assert.Matches(@"198\.19\.0\.10/32", address);
            Assert.True(Probe.Ping("198.18.1.2", 56), $"no answer through the tunnel\n{hub.HubLog}");
            var log = hub.HubLog;
            Assert.Contains("Sending MODE_CFG Set attributes (no request from the client)", log);
            Assert.Contains("%ASA-5-713119: Group = EZ, Username = cisco, IP = 198.18.0.2, PHASE 1 COMPLETED", log);
        }
        finally
        {
            hub.Run("cli-strongswan/down.sh", "");
        }
    }

    /// <summary>
    /// <c>split-tunnel-policy excludespecified</c> with a Unity client that asks for UNITY_LOCAL_LAN (strongSwan's
    /// unity plugin; vpnc knows no use for it): strongSwan installs a bypass policy for each network of the list,
    /// and the LAN behind the headend is still reached through the tunnel.
    /// </summary>
    [KitFact]
    public void StrongSwan_client_bypasses_the_tunnel_for_each_network_of_the_split_exclude_list()
    {
        using var hub = new HubSession(HubSession.KitConfig + """

            access-list excluded standard permit 198.18.5.0 255.255.255.0
            access-list excluded standard permit host 198.18.6.7
            group-policy EZ attributes
             split-tunnel-policy excludespecified
             split-tunnel-network-list value excluded
            """);
        try
        {
            var (code, output) = hub.Run("cli-strongswan/up.sh", "");
            Assert.True(code == 0, $"the strongSwan client did not connect: {output}\n--- hub log ---\n{hub.HubLog}");
            var charon = Path.Combine(hub.State, "cli-ss", "charon.log");
            Assert.True(Probe.WaitFor(() => File.ReadAllText(charon).Contains("installed UNITY_LOCAL_LAN bypass policy for 198.18.6.7/32", StringComparison.Ordinal),
                TimeSpan.FromSeconds(10)), File.ReadAllText(charon));
            Assert.Contains("installed UNITY_LOCAL_LAN bypass policy for 198.18.5.0/24", File.ReadAllText(charon));
            Assert.True(Probe.Ping("198.18.1.2", 56), $"no answer through the tunnel\n{hub.HubLog}");
        }
        finally
        {
            hub.Run("cli-strongswan/down.sh", "");
        }
    }

    /// <summary>
    /// Starts the kit's strongSwan client with <c>pull = no</c> (it waits for the headend's CFG_SET) and
    /// connects it; fails the test unless it connects. The caller runs <c>cli-strongswan/down.sh</c>.
    /// </summary>
    public static void ConnectWaitingForPush(HubSession hub) =>
        Connect(hub, conf => conf.Replace("    aggressive = yes\n", "    aggressive = yes\n    pull = no\n", StringComparison.Ordinal), "pull = no");

    /// <summary>
    /// Starts the kit's strongSwan client with its swanctl.conf as <paramref name="edit"/> makes it (which must
    /// then contain <paramref name="edited"/>) and connects it; fails the test unless it connects. The caller
    /// runs <c>cli-strongswan/down.sh</c>.
    /// </summary>
    public static void Connect(HubSession hub, Func<string, string> edit, string edited)
    {
        var (code, output) = hub.Run("cli-strongswan/up.sh", new Dictionary<string, string> { ["NO_INITIATE"] = "1" });
        Assert.True(code == 0, $"the strongSwan client did not start: {output}");
        var conf = Path.Combine(hub.State, "cli-ss", "swanctl.conf");
        File.WriteAllText(conf, edit(File.ReadAllText(conf)));
        Assert.Contains(edited, File.ReadAllText(conf));
        string[] swanctl = ["env", $"STRONGSWAN_CONF={Path.Combine(Kit.Dir, "cli-strongswan", "strongswan.conf")}", "swanctl"];
        string[] uri = ["--uri", $"unix://{Path.Combine(hub.State, "cli-ss", "run", "charon.vici")}"];
        (code, output) = Probe.InNetns("cli", [.. swanctl, "--load-all", "--noprompt", "--file", conf, .. uri]);
        Assert.True(code == 0, output);
        (code, output) = Probe.InNetns("cli", [.. swanctl, "--initiate", "--child", "ez", "--timeout", "15", .. uri]);
        Assert.True(code == 0, $"the strongSwan client did not connect: {output}\n--- hub log ---\n{hub.HubLog}");
    }
}
