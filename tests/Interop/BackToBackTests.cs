namespace AsaEmu.Interop;

/// <summary>
/// Two AsaEmu processes as two sites, back to back over the kit's outside link: site A in netns hub
/// (its LAN the kit's 198.18.1.0/24, the host in netns lan), site B in netns cli (its LAN
/// 198.19.200.0/24 in netns l2lsite, <see cref="SecondSite"/>). No NAT between them, so ESP goes as IP
/// protocol 50. Traffic from either LAN starts the tunnel; the side it came from is the initiator.
/// </summary>
[Collection(nameof(VpncTests))]
public class BackToBackTests
{
    private const string Key = "b2b-Secret1";

    /// <summary>A site's config: its outside and inside addresses, its LAN, the other site's LAN (/24 each), its peer and key, PFS group 14 or none.</summary>
    internal static string Site(string hostname, string outside, string inside, string localNet, string remoteNet, string peer, string key = Key,
        bool pfs = true) => $"""
        hostname {hostname}
        interface GigabitEthernet0/0
         nameif outside
         security-level 0
         ip address {outside} 255.255.255.0
        interface GigabitEthernet0/1
         nameif inside
         security-level 100
         ip address {inside} 255.255.255.0
        logging enable
        logging buffered debugging
        passwd cisco
        access-list L2L extended permit ip {localNet} 255.255.255.0 {remoteNet} 255.255.255.0
        crypto ipsec ikev1 transform-set TS esp-aes-256 esp-sha-hmac
        crypto map MAP 10 match address L2L
        crypto map MAP 10 set peer {peer}
        crypto map MAP 10 set ikev1 transform-set TS{(pfs ? "\ncrypto map MAP 10 set pfs group14" : "")}
        crypto map MAP interface outside
        crypto ikev1 enable outside
        crypto ikev1 policy 10
         authentication pre-share
         encryption aes-256
         hash sha
         group 14
         lifetime 86400
        tunnel-group {peer} type ipsec-l2l
        tunnel-group {peer} ipsec-attributes
         ikev1 pre-shared-key {key}
        """;

    private static readonly string SiteA = Site("asa-a", "198.18.0.1", "198.18.1.1", "198.18.1.0", "198.19.200.0", "198.18.0.2");
    private static readonly string SiteB = Site("asa-b", "198.18.0.2", SecondSite.Inside, "198.19.200.0", "198.18.1.0", "198.18.0.1");

    [KitFact]
    public void Traffic_from_site_as_lan_starts_the_tunnel_with_a_as_initiator()
    {
        using var a = new HubSession(SiteA);
        using var b = new SecondSite(SiteB, a.State);

        Assert.True(Probe.PingsThrough("lan", SecondSite.Host), a.HubLog + "\n--- site B ---\n" + b.Log);
        Assert.True(Probe.PingsThrough(SecondSite.Lan, "198.18.1.2"), b.Log);

        Assert.Contains("    Type    : L2L             Role    : initiator ", a.Show("show crypto isakmp sa"));
        Assert.Contains("    Type    : L2L             Role    : responder ", b.Show("show crypto isakmp sa"));
        var ipsec = b.Show("show crypto ipsec sa");
        Assert.Contains("in use settings ={L2L, Tunnel, PFS Group 14, IKEv1, }", ipsec); // raw ESP: no NAT between them
        Assert.Contains("local ident (addr/mask/prot/port): (198.19.200.0/255.255.255.0/0/0)", ipsec);
        Assert.Matches(@"#pkts decaps: [1-9]", ipsec);
    }

    [KitFact]
    public void Traffic_from_site_bs_lan_starts_the_tunnel_with_a_as_responder()
    {
        using var a = new HubSession(SiteA);
        using var b = new SecondSite(SiteB, a.State);

        Assert.True(Probe.PingsThrough(SecondSite.Lan, "198.18.1.2"), b.Log + "\n--- site A ---\n" + a.HubLog);
        Assert.True(Probe.PingsThrough("lan", SecondSite.Host), a.HubLog);

        Assert.Contains("    Type    : L2L             Role    : responder ", a.Show("show crypto isakmp sa"));
        Assert.Contains("    Type    : L2L             Role    : initiator ", b.Show("show crypto isakmp sa"));
        Assert.Contains("Connection   : 198.18.0.2", a.Show("show vpn-sessiondb l2l"));
    }

    [KitFact]
    public void The_asas_own_ping_from_inside_starts_the_tunnel_to_the_other_asa()
    {
        using var a = new HubSession(SiteA);
        using var b = new SecondSite(SiteB, a.State);

        var ping = b.Show("ping inside 198.18.1.2");

        Assert.Matches(@"Success rate is [1-9]\d* percent \([1-5]/5\)", ping);
        Assert.Contains("    Type    : L2L             Role    : initiator ", b.Show("show crypto isakmp sa"));
    }
}
