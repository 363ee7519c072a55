using System.Diagnostics;

namespace AsaEmu.Interop;

/// <summary>
/// An unmodified vpnc against the real asaemu process in the kit's namespaces (reference: the kit's
/// README, the headend contract in asaemu-hub.cfg). Each test connects, checks what vpnc received
/// and what the headend logged, disconnects, and checks the teardown.
/// </summary>
[Collection(nameof(VpncTests))]
public class VpncTests
{
    public static TheoryData<string, string, string> Variants => new()
    {
        { "dh2", "natt", "server" },
        { "dh14", "natt", "server" },
        { "dh2", "none", "server" },
        { "dh2", "force-natt", "server" },
        { "dh2", "natt", "dh2" },
    };

    [KitTheory]
    [MemberData(nameof(Variants))]
    public void Vpnc_gets_its_address_dns_domain_banner_and_split_include_and_pings_through_the_tunnel(string dh, string natt, string pfs)
    {
        using var hub = new HubSession();
        using (ConnectedVpnc.Start(hub, new Dictionary<string, string> { ["DH"] = dh, ["NATT"] = natt, ["PFS"] = pfs, ["VPNC_DEBUG"] = "1" }))
        {
            var env = hub.ScriptEnvironment;
            Assert.Contains("INTERNAL_IP4_ADDRESS=198.19.0.10", env);
            Assert.Contains("INTERNAL_IP4_NETMASK=255.255.255.0", env);
            Assert.Contains("INTERNAL_IP4_DNS=198.18.1.53", env);
            Assert.Contains("CISCO_DEF_DOMAIN=lab.example", env);
            Assert.Contains("CISCO_BANNER=Welcome to the lab", env);
            Assert.Contains("CISCO_SPLIT_INC_0_ADDR=198.18.1.0", env);
            Assert.Contains("CISCO_SPLIT_INC_0_MASK=255.255.255.0", env);

            var log = hub.HubLog;
            Assert.Contains("%ASA-5-713119: Group = EZ, Username = cisco, IP = 198.18.0.2, PHASE 1 COMPLETED", log);
            Assert.Contains("%ASA-6-713228: Group = EZ, Username = cisco, IP = 198.18.0.2, Assigned private IP address 198.19.0.10 to remote user", log);
            Assert.Contains("Security negotiation complete for User (cisco)  Responder, Inbound SPI = 0x", log);

            // Traffic through the tunnel: small and 1300-byte pings to the lan host.
            Assert.True(Probe.Ping("198.18.1.2", 56), $"no answer through the tunnel\n{hub.HubLog}");
            Assert.True(Probe.Ping("198.18.1.2", 1300), $"no answer to 1300-byte pings\n{hub.HubLog}");
        } // vpnc stopped with SIGTERM: it sends its DELETEs before it exits
        Assert.True(Probe.WaitFor(() => hub.HubLog.Contains("%ASA-5-713259"), TimeSpan.FromSeconds(10)),
            $"{hub.HubLog}\n--- vpnc ---\n{hub.VpncOutput}");
        Assert.Contains("Session is being torn down. Reason: User Requested", hub.HubLog);
    }
}
