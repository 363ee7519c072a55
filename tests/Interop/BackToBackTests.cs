namespace AsaEmu.Interop;

/// <summary>
/// Two AsaEmu processes as two sites, back to back (<see cref="SitePair"/>: site A's LAN 198.18.1.0/24,
/// site B's 198.19.200.0/24, each site and LAN in a namespace of its own, beside the kit). No NAT
/// between them, so ESP goes as IP protocol 50. Traffic from either LAN starts the tunnel; the side it
/// came from is the initiator.
/// </summary>
[Collection(SitePair.Collection)]
public class BackToBackTests
{
    private const string Key = "b2b-Secret1";

    /// <summary>The start of a site's config, for IKEv1 and IKEv2 alike: its name, its outside and inside addresses (/24), buffered logging of everything, the enable password.</summary>
    internal static string Prologue(string hostname, string outside, string inside) => $"""
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
        """;

    /// <summary>A site's config: its outside and inside addresses, its LAN, the other site's LAN (/24 each), its peer and key, PFS group 14 or none.</summary>
    internal static string Site(string hostname, string outside, string inside, string localNet, string remoteNet, string peer, string key = Key,
        bool pfs = true) => $"""
        {Prologue(hostname, outside, inside)}
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

    private static readonly string SiteA = Site("asa-a", SitePair.OutsideA, SitePair.InsideA, "198.18.1.0", "198.19.200.0", SitePair.OutsideB);
    private static readonly string SiteB = Site("asa-b", SitePair.OutsideB, SitePair.InsideB, "198.19.200.0", "198.18.1.0", SitePair.OutsideA);

    [KitFact]
    public void Traffic_from_site_as_lan_starts_the_tunnel_with_a_as_initiator()
    {
        using var sites = new SitePair(SiteA, SiteB);
        var (a, b) = (sites.A, sites.B);

        Assert.True(Probe.PingsThrough(SitePair.LanA, SitePair.HostB), a.Log + "\n--- site B ---\n" + b.Log);
        Assert.True(Probe.PingsThrough(SitePair.LanB, SitePair.HostA), b.Log);

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
        using var sites = new SitePair(SiteA, SiteB);
        var (a, b) = (sites.A, sites.B);

        Assert.True(Probe.PingsThrough(SitePair.LanB, SitePair.HostA), b.Log + "\n--- site A ---\n" + a.Log);
        Assert.True(Probe.PingsThrough(SitePair.LanA, SitePair.HostB), a.Log);

        Assert.Contains("    Type    : L2L             Role    : responder ", a.Show("show crypto isakmp sa"));
        Assert.Contains("    Type    : L2L             Role    : initiator ", b.Show("show crypto isakmp sa"));
        Assert.Contains("Connection   : 198.18.0.2", a.Show("show vpn-sessiondb l2l"));
    }

    /// <summary>
    /// Rekeys under a continuous ping, both phases: a 50 kB IPsec lifetime at both sites (10 kB/s of
    /// echoes each way rekeys phase 2 every few seconds, by whichever end counts 95% first, so rekeys
    /// also cross) and the shortest IKE lifetime an ASA takes (120 s, both policies), which the end that
    /// began the tunnel renews at 95% while the ping flows. An ASA loses nothing to either: the new SA
    /// pair is installed before the old one goes (the Quick Mode responder's inbound SA already at QM2,
    /// as the initiator may use the new SA before QM3 has been read), the old pair is deleted a moment
    /// after (its last packets may trail the DELETE, IKE and ESP being read by different threads), and
    /// the old IKE SA is deleted only once the new one holds the IPsec SAs. So no echo may be lost once the first (which starts the
    /// tunnel and is dropped, as on the ASA) came back, and no ESP packet may find its SA missing.
    /// </summary>
    [KitFact]
    public void Rekeys_of_both_phases_under_a_continuous_ping_lose_no_packets()
    {
        static string Short(string site) => site.Replace(" lifetime 86400", " lifetime 120", StringComparison.Ordinal)
            + "\ncrypto map MAP 10 set security-association lifetime kilobytes 50\n";
        using var sites = new SitePair(Short(SiteA), Short(SiteB));
        var (a, b) = (sites.A, sites.B);
        Assert.True(Probe.PingsThrough(SitePair.LanA, SitePair.HostB), a.Log + "\n--- site B ---\n" + b.Log);

        // Echoes of 1000 bytes, ten a second, until the IKE SA was rekeyed (at 114 s) and the old one is gone at both ends
        // (each holds one, the new one: more than half its lifetime left), and phase 2 rekeyed at least ten times.
        var (done, sent, received, lost) = Probe.PingUntil(SitePair.LanA, SitePair.HostB, 1000, () =>
            a.Log.Contains("IKE Initiator: Rekeying Phase 1, Intf outside, IKE Peer 198.18.0.2", StringComparison.Ordinal)
            && Probe.Count(a.Log + b.Log, "IKE Initiator: Rekeying Phase 2") >= 10
            && OnlyNewIkeSa(a.Show("show crypto isakmp sa detail")) && OnlyNewIkeSa(b.Show("show crypto isakmp sa detail")),
            TimeSpan.FromSeconds(170), interval: 0.1);

        var (logA, logB) = (a.Log, b.Log);
        var both = logA + "\n--- site B ---\n" + logB;
        var drops = (A: a.Show("show asp drop"), B: b.Show("show asp drop"));
        Assert.True(done, $"no phase 1 rekey, ten phase 2 rekeys and one new IKE SA at each end within 170 s\n{a.Show("show crypto isakmp sa detail")}\n--- site B ---\n{b.Show("show crypto isakmp sa detail")}\n{both}");
        Assert.True(received == sent && InvalidSpi(drops.A) + InvalidSpi(drops.B) == 0,
            $"{sent - received} of {sent} echoes lost across the rekeys (icmp_seq {string.Join(", ", lost)})\n" + drops.A + "\n--- site B ---\n" + drops.B + "\n" + both);
        Assert.Contains("IKE Initiator: Rekeying Phase 1, Intf outside, IKE Peer 198.18.0.2", logA);
        Assert.True(Probe.Count(both, "IKE Initiator: Rekeying Phase 2") >= 10, both);
        // The old IKE SA is gone at both ends, the new one holds the tunnel.
        Assert.Equal(1, Probe.Count(a.Show("show crypto isakmp sa"), "IKE Peer: 198.18.0.2"));
        Assert.Equal(1, Probe.Count(b.Show("show crypto isakmp sa"), "IKE Peer: 198.18.0.1"));
        Assert.True(Probe.PingsThrough(SitePair.LanB, SitePair.HostA, tries: 1), both);
    }

    /// <summary>One IKE SA in <c>show crypto isakmp sa detail</c>, with more than half of the short lifetime (120 s) left: the rekey's, the old one gone.</summary>
    private static bool OnlyNewIkeSa(string detail) =>
        System.Text.RegularExpressions.Regex.Matches(detail, @"Lifetime Remaining: (\d+)") is { Count: 1 } remaining
        && int.Parse(remaining[0].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 60;

    /// <summary>The Invalid SPI drops of <c>show asp drop</c> (ESP for an SA not installed), 0 when none.</summary>
    private static int InvalidSpi(string aspDrop) =>
        System.Text.RegularExpressions.Regex.Match(aspDrop, @"\(np-sp-invalid-spi\)\s+(\d+)") is { Success: true } m
            ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    [KitFact]
    public void The_asas_own_ping_from_inside_starts_the_tunnel_to_the_other_asa()
    {
        using var sites = new SitePair(SiteA, SiteB);
        var (a, b) = (sites.A, sites.B);

        var ping = b.Show("ping inside 198.18.1.2");

        Assert.Matches(@"Success rate is [1-9]\d* percent \([1-5]/5\)", ping);
        Assert.Contains("    Type    : L2L             Role    : initiator ", b.Show("show crypto isakmp sa"));
    }

    /// <summary>Two AsaEmu processes as the two sites over IKEv2, no NAT between them: ESP unencapsulated (IP protocol 50).</summary>
    [KitTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void Two_asaemus_back_to_back_bring_up_ikev2_from_either_lan(bool fromA)
    {
        using var sites = new SitePair(Ikev2SiteTests.Config(),
            Ikev2SiteTests.Config(acl: "198.19.200.0 255.255.255.0 198.18.1.0 255.255.255.0", remoteKey: Ikev2SiteTests.AsaKey, hostname: "asa-b",
                outside: SitePair.OutsideB, inside: SitePair.InsideB, peer: SitePair.OutsideA));
        var (a, b) = (sites.A, sites.B);

        if (fromA) Assert.True(Probe.PingsThrough(SitePair.LanA, SitePair.HostB), a.Log + "\n--- site B ---\n" + b.Log);
        else Assert.True(Probe.PingsThrough(SitePair.LanB, SitePair.HostA), b.Log + "\n--- site A ---\n" + a.Log);
        Assert.True(Probe.PingsThrough(fromA ? SitePair.LanB : SitePair.LanA, fromA ? SitePair.HostA : SitePair.HostB), a.Log);

        Assert.Contains(fromA ? "READY    INITIATOR" : "READY    RESPONDER", a.Show("show crypto ikev2 sa"));
        Assert.Contains(fromA ? "READY    RESPONDER" : "READY    INITIATOR", b.Show("show crypto ikev2 sa"));
        var ipsec = b.Show("show crypto ipsec sa");
        Assert.Contains("in use settings ={L2L, Tunnel, IKEv2, }", ipsec);
        Assert.Matches(@"#pkts decaps: [1-9]", ipsec);
    }
}
