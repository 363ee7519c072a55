namespace AsaEmu.Interop;

/// <summary>
/// A LAN-to-LAN tunnel over IKEv2 (RFC 7296) between AsaEmu (netns hub, LAN 198.18.1.0/24) and
/// strongSwan as the other site (netns cli, swanctl with <c>version = 2</c> and pre-shared keys, its
/// LAN 198.19.200.0/24 on cli's loopback), in the topology of <see cref="SiteToSiteTests"/>: an ASA 9.x
/// configuration (<c>crypto ikev2 policy</c>, <c>crypto ipsec ikev2 ipsec-proposal</c>, <c>set ikev2
/// ipsec-proposal</c>, <c>ikev2 local-/remote-authentication pre-shared-key</c>). strongSwan's
/// userspace ESP needs UDP encapsulation (<c>encap = yes</c> fakes its NAT detection hash), so IKE_AUTH
/// and ESP move to UDP 4500 whichever end begins.
/// </summary>
[Collection(nameof(VpncTests))]
public class Ikev2SiteTests
{
    // strongSwan proves and checks one key per pair of identities, so the two directions share it here;
    // different keys each way are proven between two engines (Ikev2ExchangeTests).
    private const string SiteHost = "198.19.200.1", SiteKey = AsaKey;
    internal const string AsaKey = "l2l-v2-Secret";

    /// <summary>AsaEmu as site A; it proves <see cref="AsaKey"/> and expects <see cref="SiteKey"/>.</summary>
    internal static string Config(string policy = " encryption aes-256\n integrity sha256\n group 14\n prf sha256\n lifetime seconds 86400",
        string acl = "198.18.1.0 255.255.255.0 198.19.200.0 255.255.255.0", string remoteKey = SiteKey, string hostname = "asa-a", string outside = "198.18.0.1",
        string inside = "198.18.1.1", string peer = "198.18.0.2") => $"""
        {BackToBackTests.Prologue(hostname, outside, inside)}
        access-list L2L extended permit ip {acl}
        crypto ipsec ikev2 ipsec-proposal P
         protocol esp encryption aes-256
         protocol esp integrity sha-1
        crypto map MAP 10 match address L2L
        crypto map MAP 10 set peer {peer}
        crypto map MAP 10 set ikev2 ipsec-proposal P
        crypto map MAP interface outside
        crypto ikev2 policy 10
        {policy}
        crypto ikev2 enable outside
        tunnel-group {peer} type ipsec-l2l
        tunnel-group {peer} ipsec-attributes
         ikev2 remote-authentication pre-shared-key {remoteKey}
         ikev2 local-authentication pre-shared-key {AsaKey}
        """;

    private const string SiteConf = $$"""
        connections {
          site {
            version = 2
            local_addrs = 198.18.0.2
            remote_addrs = 198.18.0.1
            proposals = aes256-sha256-modp2048
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
                local_ts = 198.19.200.0/24
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
            secret = {{AsaKey}}
          }
        }
        """;

    private static HubSession Sites(string? config = null, string siteConf = SiteConf, int debug = 0, IReadOnlyDictionary<string, string>? knobs = null) =>
        SiteToSiteTests.Sites(config ?? Config(), siteConf, debug, knobs);

    private static string Sas(HubSession hub) => SiteToSiteTests.Swanctl(hub, "--list-sas").Output;

    /// <summary>The other site starts the tunnel (swanctl --initiate), which must come up.</summary>
    private static void Initiate(HubSession hub)
    {
        var (code, output) = SiteToSiteTests.Swanctl(hub, "--initiate", "--child", "site", "--timeout", "20");
        Assert.True(code == 0, output + "\n" + hub.HubLog);
    }

    /// <summary>The other site tries and fails; the headend logs <paramref name="why"/> and nothing is installed.</summary>
    private static void Refused(HubSession hub, string why)
    {
        var (code, _) = SiteToSiteTests.Swanctl(hub, "--initiate", "--child", "site", "--timeout", "15");
        Assert.NotEqual(0, code);
        Assert.Contains(why, hub.Show("show logging"));
        Assert.DoesNotContain("INSTALLED", Sas(hub));
    }

    [KitFact]
    public void Traffic_from_the_asas_lan_starts_ikev2_and_pings_cross_both_ways()
    {
        using var hub = Sites();

        Assert.True(Probe.PingsThrough("lan", SiteHost), hub.HubLog);
        Assert.True(Probe.PingsThrough("cli", "198.18.1.2", SiteHost), hub.HubLog);

        var sas = Sas(hub);
        Assert.Contains("IKEv2", sas);
        Assert.Contains("ESTABLISHED", sas);
        Assert.Contains("INSTALLED", sas);
        // strongSwan is the responder here: the IKE SA's initiator SPI is ours.
        Assert.Contains("remote '198.18.0.1' @ 198.18.0.1[4500]", sas);
        Assert.Contains("%ASA-5-750006", hub.Show("show logging"));
        var shown = hub.Show("show crypto ikev2 sa");
        Assert.Contains("READY    INITIATOR", shown);
        Assert.Contains("Child sa: local selector  198.18.1.0/0 - 198.18.1.255/65535", shown);
        Assert.Matches(@"  Active Tunnels: +1", hub.Show("show crypto ikev2 stats"));
        Assert.Contains("in use settings ={L2L, Tunnel,  NAT-T-Encaps, IKEv2, }", hub.Show("show crypto ipsec sa"));
        Assert.Contains("Protocol     : IKEv2 IPsecOverNatT", hub.Show("show vpn-sessiondb l2l"));
    }

    [KitFact]
    public void Clear_crypto_ikev2_sa_deletes_the_tunnel_at_both_ends()
    {
        using var hub = Sites();
        Initiate(hub);
        Assert.Contains("READY    RESPONDER", hub.Show("show crypto ikev2 sa"));

        hub.Show("clear crypto ikev2 sa");

        Assert.True(Probe.WaitFor(() => !Sas(hub).Contains("ESTABLISHED", StringComparison.Ordinal), TimeSpan.FromSeconds(10)), Sas(hub));
        Assert.Contains("There are no IKEv2 SAs", hub.Show("show crypto ikev2 sa"));
    }

    [KitFact]
    public void The_other_site_starts_ikev2_and_asaemu_responds_and_pings_cross()
    {
        using var hub = Sites();

        Initiate(hub);
        Assert.True(Probe.PingsThrough("cli", "198.18.1.2", SiteHost), hub.HubLog);
        Assert.True(Probe.PingsThrough("lan", SiteHost), hub.HubLog);
        Assert.Contains("%ASA-6-750002", hub.Show("show logging"));
    }

    [KitFact]
    public void The_other_site_deleting_its_ike_sa_takes_the_tunnel_down_at_asaemu()
    {
        using var hub = Sites();
        Initiate(hub);

        var terminate = SiteToSiteTests.Swanctl(hub, "--terminate", "--ike", "site", "--timeout", "10");

        Assert.True(terminate.Code == 0, terminate.Output + "\n" + hub.HubLog);
        Assert.True(Probe.WaitFor(() => hub.Show("show logging").Contains("%ASA-5-750007", StringComparison.Ordinal), TimeSpan.FromSeconds(10)), hub.Show("show logging"));
    }

    [KitTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_other_site_rekeys_the_child_sa_with_create_child_sa_and_traffic_goes_on(bool pfs)
    {
        using var hub = Sites(pfs ? Config().Replace("crypto map MAP 10 set ikev2 ipsec-proposal P", "crypto map MAP 10 set ikev2 ipsec-proposal P\ncrypto map MAP 10 set pfs group14", StringComparison.Ordinal) : null,
            pfs ? SiteConf.Replace("esp_proposals = aes256-sha1", "esp_proposals = aes256-sha1-modp2048", StringComparison.Ordinal) : SiteConf);
        Initiate(hub);
        var before = System.Text.RegularExpressions.Regex.Match(hub.Show("show crypto ikev2 sa"), "ESP spi in/out: (\\S+)").Groups[1].Value;

        var rekey = SiteToSiteTests.Swanctl(hub, "--rekey", "--child", "site");
        Assert.True(rekey.Code == 0, rekey.Output);

        Assert.True(Probe.WaitFor(() => hub.Show("show crypto ikev2 sa") is var shown && shown.Contains("CHILD count:1", StringComparison.Ordinal)
            && !shown.Contains(before, StringComparison.Ordinal), TimeSpan.FromSeconds(10)), hub.Show("show crypto ikev2 sa") + "\n" + Sas(hub));
        Assert.True(Probe.PingsThrough("lan", SiteHost), hub.HubLog);
        if (pfs) Assert.Contains("MODP_2048", Sas(hub));
    }

    [KitFact]
    public void The_other_site_rekeys_the_ike_sa_and_the_tunnel_goes_on_under_the_new_one()
    {
        using var hub = Sites();
        Initiate(hub);
        var before = System.Text.RegularExpressions.Regex.Match(hub.Show("show crypto ikev2 sa detail"), "Local spi: (\\S+)").Groups[1].Value;

        var rekey = SiteToSiteTests.Swanctl(hub, "--rekey", "--ike", "site");
        Assert.True(rekey.Code == 0, rekey.Output);

        Assert.True(Probe.WaitFor(() => hub.Show("show crypto ikev2 sa detail") is var shown && shown.Contains("CHILD count:1", StringComparison.Ordinal)
            && !shown.Contains(before, StringComparison.Ordinal) && shown.Split("Status:UP").Length == 2, TimeSpan.FromSeconds(10)),
            hub.Show("show crypto ikev2 sa detail") + "\n" + Sas(hub) + "\n" + hub.HubLog);
        Assert.True(Probe.PingsThrough("lan", SiteHost), hub.HubLog);
        Assert.DoesNotContain("%ASA-5-750007", hub.Show("show logging"));
    }

    [KitFact]
    public void A_site_behind_a_nat_that_moves_its_ports_comes_up_over_nat_t()
    {
        using var hub = Sites(Config(peer: NatNamespace.Outside), SiteConf.Replace("198.18.0.2", NatNamespace.Inside, StringComparison.Ordinal));
        using var nat = new NatNamespace();

        Initiate(hub);

        Assert.True(Probe.PingsThrough("cli", "198.18.1.2", SiteHost), hub.HubLog);
        Assert.True(Probe.PingsThrough("lan", SiteHost), hub.HubLog);
        Assert.Matches(@"198\.18\.3\.1/40\d\d\d +READY    RESPONDER", hub.Show("show crypto ikev2 sa"));
        Assert.Contains("dport=4500", NatNamespace.Conntrack());
    }

    /// <summary>
    /// IKEv2 fragmentation (RFC 7383) with strongSwan: both ends announce it, strongSwan's fragments are 200-octet IP
    /// datagrams (<c>charon.fragment_size</c>) and AsaEmu's <c>crypto ikev2 fragmentation mtu 200</c>, so that the
    /// IKE_AUTH request and its response both cross in fragments, whichever end begins; then traffic crosses.
    /// </summary>
    [KitTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void With_small_fragment_sizes_ike_auth_crosses_in_fragments_both_ways_and_pings_cross(bool asaInitiates)
    {
        var charonConf = Path.Combine(Path.GetTempPath(), $"asaemu-ikev2-fragments-{Environment.ProcessId}.conf");
        File.WriteAllText(charonConf, $$"""
            include {{Path.Combine(Kit.Dir, "cli-strongswan", "strongswan.conf")}}
            charon {
              fragment_size = 200
            }
            """);
        try
        {
            using var hub = Sites(Config() + "\ncrypto ikev2 fragmentation mtu 200", debug: 2, knobs: new Dictionary<string, string> { ["CHARON_CONF"] = charonConf });

            if (asaInitiates) Assert.True(Probe.PingsThrough("lan", SiteHost), hub.HubLog);
            else Initiate(hub);
            Assert.True(Probe.PingsThrough("cli", "198.18.1.2", SiteHost), hub.HubLog);
            Assert.True(Probe.PingsThrough("lan", SiteHost), hub.HubLog);

            // strongSwan's word: it split its IKE_AUTH message and put ours back together.
            var charon = File.ReadAllText(Path.Combine(hub.State, "cli-ss", "charon.log"));
            Assert.Matches(@"splitting IKE message .*into \d+ fragments", charon);
            Assert.Matches(@"received fragment #\d+ of \d+, reassembled fragmented IKE message", charon);
            // AsaEmu's: its debug lines, and no fragment dropped.
            var log = hub.HubLog;
            Assert.Matches(@"IKEv2-PROTO-2: \(\d+\): Fragmenting packet, Fragment MTU: 200, Number of fragments: \d+, Fragment ID: 1", log);
            Assert.Matches(@"IKEv2-PROTO-2: \(\d+\): Received fragment (\d+) of \1, Fragment ID: 1, all fragments received", log);
            Assert.Matches(@"  In Drop Fragments: +0", hub.Show("show crypto ikev2 stats"));
            var detail = hub.Show("show crypto ikev2 sa detail");
            Assert.Contains(asaInitiates ? "READY    INITIATOR" : "READY    RESPONDER", detail);
            Assert.Contains("IETF Std Fragmentation MTU in use: 200 bytes.", detail);
        }
        finally
        {
            File.Delete(charonConf);
        }
    }

    [KitFact]
    public void Under_a_cookie_challenge_the_other_site_repeats_its_ike_sa_init_with_the_cookie_and_comes_up()
    {
        using var hub = Sites(Config() + "\ncrypto ikev2 cookie-challenge 0");

        Initiate(hub);

        Assert.True(Probe.PingsThrough("cli", "198.18.1.2", SiteHost), hub.HubLog);
        Assert.Contains("READY    RESPONDER", hub.Show("show crypto ikev2 sa"));
    }

    [KitFact]
    public void A_wrong_pre_shared_key_ends_in_authentication_failed_with_nothing_installed()
    {
        using var hub = Sites(Config(remoteKey: "not-the-key"));

        Refused(hub, "Negotiation aborted due to ERROR: Auth exchange failed");
        Assert.False(Probe.PingsThrough("lan", SiteHost, tries: 2));
    }

    [KitFact]
    public void A_proposal_mismatch_ends_in_no_proposal_chosen()
    {
        using var hub = Sites(Config(policy: " encryption aes-gcm\n integrity null\n group 19\n prf sha256"));

        Refused(hub, "Negotiation aborted due to ERROR: Failed to find a matching policy");
    }

    [KitFact]
    public void A_traffic_selector_mismatch_ends_in_ts_unacceptable_with_nothing_installed()
    {
        using var hub = Sites(Config(acl: "198.18.1.0 255.255.255.0 198.19.9.0 255.255.255.0"));

        Refused(hub, "Negotiation aborted due to ERROR: Failed to find a matching crypto map entry");
    }

    /// <summary>
    /// The crypto map's kilobyte lifetime over IKEv2: with 50 kB and twenty 1000-byte echoes a second each way, AsaEmu
    /// (the IKE SA's initiator, as its LAN's traffic starts the tunnel) counts 95% of a Child SA's kilobytes every few
    /// seconds and rekeys it with CREATE_CHILD_SA, deleting the old one, as it does at 95% of the lifetime in seconds.
    /// The evidence from both ends: the SPIs AsaEmu shows change, strongSwan logs each DELETE of an old Child SA, AsaEmu
    /// logs 602304 for each pair it removed; and the echoes keep crossing.
    /// </summary>
    [KitFact]
    public void A_small_kilobyte_lifetime_rekeys_the_child_sa_under_traffic_with_create_child_sa()
    {
        using var hub = Sites(Config().Replace("crypto map MAP 10 set ikev2 ipsec-proposal P",
            "crypto map MAP 10 set ikev2 ipsec-proposal P\ncrypto map MAP 10 set security-association lifetime kilobytes 50", StringComparison.Ordinal));
        Assert.True(Probe.PingsThrough("lan", SiteHost), hub.HubLog);
        var first = System.Text.RegularExpressions.Regex.Match(hub.Show("show crypto ikev2 sa"), "ESP spi in/out: (\\S+)").Groups[1].Value;
        Assert.NotEmpty(first);
        var charon = Path.Combine(hub.State, "cli-ss", "charon.log");
        int Deletes() => Probe.Count(File.ReadAllText(charon), "received DELETE for ESP CHILD_SA");

        var (done, sent, received, lost) = Probe.PingUntil("lan", SiteHost, 1000, () => Deletes() >= 3, TimeSpan.FromSeconds(60), interval: 0.05);

        var log = hub.Show("show logging");
        Assert.True(done, $"fewer than three Child SA rekeys within 60 s\n{File.ReadAllText(charon)}\n{hub.HubLog}");
        var shown = hub.Show("show crypto ikev2 sa");
        Assert.Contains("CHILD count:1", shown);
        Assert.DoesNotContain(first, shown);
        Assert.True(Probe.Count(log, "%ASA-6-602304") >= 6, log);
        // The tunnel itself stays: one IKE SA, and the echoes cross it all along (one may meet a pair in its change).
        Assert.Matches(@"  Active Tunnels: +1", hub.Show("show crypto ikev2 stats"));
        Assert.True(received >= sent - 1, $"{sent - received} of {sent} echoes lost across the rekeys (icmp_seq {string.Join(", ", lost)})\n{hub.HubLog}");

        // clear crypto ipsec sa takes the Child SA down at both ends and keeps the IKE SA; the next traffic brings one up over it.
        var ikeSpi = System.Text.RegularExpressions.Regex.Match(hub.Show("show crypto ikev2 sa detail"), "Local spi: (\\S+)").Groups[1].Value;
        hub.Show("clear crypto ipsec sa peer 198.18.0.2");
        Assert.True(Probe.WaitFor(() => !Sas(hub).Contains("INSTALLED", StringComparison.Ordinal), TimeSpan.FromSeconds(10)), Sas(hub));
        Assert.True(Probe.PingsThrough("lan", SiteHost), hub.HubLog);
        Assert.Contains(ikeSpi, hub.Show("show crypto ikev2 sa detail"));

        // The session as vpn-sessiondb shows it, found by its peer, and logged off by its address: strongSwan is told.
        var detail = hub.Show("show vpn-sessiondb detail l2l filter name 198.18.0.2");
        Assert.Contains("IKEv2:", detail);
        Assert.Contains("  Loc Auth Mode: preSharedKeys", detail);
        Assert.Contains("  Rekey Int (D): 50 K-Bytes", detail);
        Assert.Matches(@"\n  IKEv2 IPsec +: +1 :", hub.Show("show vpn-sessiondb"));
        Assert.Contains("IKEv2 Tunnels: 1", hub.Show("show vpn-sessiondb detail index 1"));
        Assert.Contains("INFO: Number of sessions with IP address of 198.18.0.2 logged off : 1", hub.Show("vpn-sessiondb logoff ipaddress 198.18.0.2 noconfirm"));
        Assert.True(Probe.WaitFor(() => !Sas(hub).Contains("ESTABLISHED", StringComparison.Ordinal), TimeSpan.FromSeconds(10)), Sas(hub));
    }
}
