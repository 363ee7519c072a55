using AsaEmu.Dataplane.Ike;
using AsaEmu.Shell.Core;

namespace AsaEmu.Shell.Lab;

/// <summary>What the lab's console commands work with: the appliance, the client, the scenario, the files.</summary>
public sealed class LabContext(Appliance appliance, VpncClient vpnc, LabScenario scenario, LabFiles files)
{
    public Appliance Appliance { get; } = appliance;
    public VpncClient Vpnc { get; } = vpnc;
    public LabScenario Scenario { get; } = scenario;
    public LabFiles Files { get; } = files;

    /// <summary>The first IKE SA that has IPsec SAs (phase 2 done), or null.</summary>
    public IkeSaView? Tunnel() => Appliance.Ike?.Status.Sas.FirstOrDefault(sa => sa.Children.Count > 0);

    /// <summary>The variables vpnc's script was given at its last reason=connect.</summary>
    public IReadOnlyList<string> LastConnectEnvironment()
    {
        string[] lines;
        try { lines = File.ReadAllLines(Files.ScriptEnvironment); }
        catch (IOException) { return []; }
        var start = Array.FindLastIndex(lines, l => l.StartsWith("=== ", StringComparison.Ordinal) && l.EndsWith("reason=connect", StringComparison.Ordinal));
        if (start < 0) return [];
        return lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("=== ", StringComparison.Ordinal)).Where(l => !l.StartsWith("reason=", StringComparison.Ordinal)).ToList();
    }

    /// <summary>The banner the console shows first (and <c>lab info</c> again).</summary>
    public IReadOnlyList<string> Banner()
    {
        var lines = Scenario.Site ? SiteBanner() : new List<string>
        {
            "",
            "AsaEmu lab: TAC note 113595 live: an ASA as EzVPN server, a real vpnc as the Cisco VPN client",
            "",
            $"  [{LabNetwork.ClientNamespace}] vpnc {LabNetwork.ClientAddress} ---> outside {LabNetwork.AsaOutside} [{LabNetwork.AsaNamespace}: this ASA]" +
            $" inside {LabNetwork.AsaInside} ---> {LabNetwork.LanHost} [{LabNetwork.LanNamespace}]",
            $"  group EZ, PSK cisco, XAUTH cisco/cisco, address {LabNetwork.ClientVirtualAddress} (vpn-framed-ip-address), split tunnel {LabNetwork.InsideNet}",
            $"  scenario {Scenario.Name}: {Scenario.Summary}",
            "",
            "debug crypto isakmp 127 and debug crypto ipsec 127 are on; vpnc connects now and the negotiation scrolls by.",
            "Next steps:",
            "  show crypto isakmp sa detail   phase 1: aggressive mode, responder, a user tunnel (AM_ACTIVE)",
            "  show crypto ipsec sa           phase 2: the SA pair, its SPIs and packet counters",
            "  show vpn-sessiondb remote      the remote-access session: user, address, group, bytes",
            $"  lab ping                       ping {LabNetwork.LanHost} from the client through the tunnel (counters go up)",
            "  lab reconnect                  vpnc sends its DELETEs, then connects again",
            "  lab wait-tunnel [SECONDS]      wait for phase 2 (for scripts);  lab client: what vpnc got and says",
            "  undebug all                    quiet;  exit: leave the lab, which removes all it made",
        };
        lines.Add("Scenarios (asaemu lab --scenario NAME):");
        lines.AddRange(LabScenario.All.Select(s => $"  {s.Name,-12} {s.Summary}"));
        lines.Add("");
        return lines;
    }

    /// <summary>The l2l scenario's banner: two sites, and how the first ping brings their tunnel up.</summary>
    private List<string> SiteBanner() =>
    [
        "",
        "AsaEmu lab: LAN-to-LAN: this ASA (site A) and a second AsaEmu (site B), a static crypto map on each",
        "",
        $"  [{LabNetwork.LanNamespace}] {LabNetwork.LanHost} ---> inside {LabNetwork.AsaInside} [{LabNetwork.AsaNamespace}: this ASA] outside {LabNetwork.AsaOutside}" +
        $" ---> {LabNetwork.ClientAddress} [{LabNetwork.ClientNamespace}: site B] inside {LabNetwork.SiteBHost}",
        $"  crypto map MAP 10: {LabNetwork.InsideNet} <-> {LabNetwork.SiteBNet}, peer {LabNetwork.ClientAddress}, PSK {LabPeerAsa.Key}, main mode, PFS group 14",
        $"  scenario {Scenario.Name}: {Scenario.Summary}",
        "",
        "debug crypto isakmp 127 and debug crypto ipsec 127 are on; nothing is negotiated until traffic matches the crypto ACL.",
        "Next steps:",
        $"  ping inside {LabNetwork.SiteBHost}       from this ASA's inside address: the first echo starts main mode and is lost (?!!!!)",
        "  show crypto isakmp sa detail   phase 1: main mode, Type L2L, Role initiator (MM_ACTIVE)",
        "  show crypto ipsec sa           phase 2: the networks, {L2L, ...}, kB/sec lifetimes",
        "  show vpn-sessiondb detail l2l  the LAN-to-LAN session: Connection, IKEv1 and IPsec tunnels",
        $"  lab ping                       ping {LabNetwork.LanHost} from site B's LAN ({LabNetwork.SiteBHost}) through the tunnel",
        $"  clear crypto isakmp sa {LabNetwork.ClientAddress}  end the tunnel; the next ping starts it again",
        "  undebug all                    quiet;  exit: leave the lab, which removes all it made",
    ];
}
