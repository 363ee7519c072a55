namespace AsaEmu.Interop;

/// <summary>
/// A hardware client in network extension mode: strongSwan in the IKEv1 XAUTH client role (the kit's
/// cli-strongswan) with its LAN 198.18.7.0/24 (a host of it an address on the loopback of netns cli) as local
/// traffic selector and no virtual IP. With <c>nem enable</c> the headend installs an SA for that network
/// and a route to it through its TUN device: the LAN behind the client and the headend's inside LAN ping
/// each other both ways. After <c>nem disable</c> on the CLI the same proposal is refused.
/// </summary>
[Collection(nameof(VpncTests))]
public sealed class NetworkExtensionTests
{
    private const string ClientLan = "198.18.7.0/24";
    private const string ClientHost = "198.18.7.1";

    private static string Config => HubSession.KitConfig + """

        logging enable
        logging buffered debugging
        logging debug-trace
        group-policy EZ attributes
         nem enable
        """;

    private static Dictionary<string, string> Hardware => new() { ["LOCAL_TS"] = ClientLan, ["VIPS"] = "" };

    [KitFact]
    public void With_nem_enable_the_clients_lan_and_the_inside_lan_reach_each_other_and_without_it_the_proposal_is_refused()
    {
        using var hub = new HubSession(Config, debug: 1);
        try
        {
            // A host of the client's LAN: an address on the loopback of netns cli (gone with the namespace;
            // the kernel here has no dummy interfaces).
            Assert.Equal(0, Probe.InNetns("cli", "ip", "addr", "add", $"{ClientHost}/32", "dev", "lo").Code);

            var (code, output) = hub.Run("cli-strongswan/up.sh", Hardware);
            Assert.True(code == 0, $"the strongSwan client did not connect: {output}\n--- hub log ---\n{hub.HubLog}");
            Assert.DoesNotContain("198.19.0.", Probe.InNetns("cli", "ip", "-br", "-4", "addr").Output); // no virtual IP

            // Both ways: from the client's LAN to the inside host, and from the inside host to the client's LAN.
            Assert.Equal(0, Probe.InNetns("cli", "ping", "-c", "3", "-i", "0.2", "-W", "2", "-I", ClientHost, "198.18.1.2").Code);
            Assert.Equal(0, Probe.InNetns("lan", "ping", "-c", "3", "-i", "0.2", "-W", "2", ClientHost).Code);

            Assert.True(Probe.WaitFor(() => hub.HubLog.Contains("PHASE 2 COMPLETED"), TimeSpan.FromSeconds(10)), hub.HubLog);
            Assert.DoesNotContain("Assigned private IP address", hub.HubLog);
            // The route to the client's network goes into the TUN device; the session shows the network.
            Assert.Matches(@"198\.18\.7\.0/24 dev \S+", Probe.InNetns("hub", "ip", "route").Output);
            var show = hub.Show("show vpn-sessiondb detail ra-ikev1-ipsec", "show crypto ipsec sa");
            Assert.Matches(@"Assigned IP\s*: 198\.18\.7\.0\s+Public IP\s*: 198\.18\.0\.2", show);
            Assert.Contains("remote ident (addr/mask/prot/port): (198.18.7.0/255.255.255.0/0/0)", show);
            Assert.Matches(@"#pkts decaps: [1-9]", show);
        }
        finally
        {
            hub.Run("cli-strongswan/down.sh", "");
        }
        Assert.True(Probe.WaitFor(() => hub.HubLog.Contains("%ASA-5-713259"), TimeSpan.FromSeconds(10)), hub.HubLog);
        Assert.DoesNotContain("198.18.7.0", Probe.InNetns("hub", "ip", "route").Output);

        // The same client once the group policy says nem disable: its Quick Mode is refused.
        hub.Show("configure terminal", "group-policy EZ attributes", "nem disable", "end");
        try
        {
            var (code, output) = hub.Run("cli-strongswan/up.sh", Hardware);
            Assert.True(code != 0, output);
            Assert.True(Probe.WaitFor(() => hub.HubLog.Contains("Hardware Client connection rejected!  Network Extension Mode is not allowed for this group!"),
                TimeSpan.FromSeconds(10)), hub.HubLog);
            Assert.DoesNotContain("198.18.7.0", Probe.InNetns("hub", "ip", "route").Output);
        }
        finally
        {
            hub.Run("cli-strongswan/down.sh", "");
        }
    }
}
