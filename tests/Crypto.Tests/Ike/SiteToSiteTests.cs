using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;

namespace AsaEmu.Crypto.Tests.Ike;

/// <summary>
/// Two ASAs back to back in process, a LAN-to-LAN tunnel between 10.1.0.0/24 (site A, 198.18.0.2)
/// and 10.2.0.0/24 (site B, 198.18.0.1): traffic A's crypto ACL permits starts main mode and Quick
/// Mode for that ACL entry; B takes the peer's proxies only when they mirror its own ACL.
/// </summary>
public class SiteToSiteTests
{
    internal static string Site(string outside, string inside, string localNet, string remoteNet, string peer, string key = "s3cret", string extra = "") => $"""
        interface GigabitEthernet0/0
         nameif outside
         security-level 0
         ip address {outside} 255.255.255.0
        interface GigabitEthernet0/1
         nameif inside
         security-level 100
         ip address {inside} 255.255.255.0
        access-list VPN extended permit ip {localNet} 255.255.255.0 {remoteNet} 255.255.255.0
        crypto ipsec ikev1 transform-set TS esp-aes-256 esp-sha-hmac
        crypto map MAP 10 match address VPN
        crypto map MAP 10 set peer {peer}
        crypto map MAP 10 set ikev1 transform-set TS
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
        {extra}
        """;

    internal static readonly string SiteA = Site("198.18.0.2", "10.1.0.1", "10.1.0.0", "10.2.0.0", "198.18.0.1");
    internal static readonly string SiteB = Site("198.18.0.1", "10.2.0.1", "10.2.0.0", "10.1.0.0", "198.18.0.2");

    internal static EnginePair Traffic(EnginePair pair, string source = "10.1.0.5", string destination = "10.2.0.7") =>
        pair.Do(pair.Client, (engine, config, now) => engine.Initiate("outside", Ipv4.Parse(source), Ipv4.Parse(destination), config, now));

    [Fact]
    public void A_site_that_restarted_says_initial_contact_and_the_older_sas_with_it_go_instead_of_being_taken_over()
    {
        var pair = Traffic(EnginePair.Sites(SiteA, SiteB));
        var stale = Assert.Single(pair.Headend.Installed);

        Traffic(pair.RestartClient());

        var sa = pair.Headend.Sa; // one IKE SA left: the new one
        Assert.Equal(IkeSaState.MmActive, sa.State);
        var fresh = Assert.Single(sa.Children);
        Assert.NotEqual(stale.InboundSpi, fresh.InboundSpi);
        Assert.Equal((fresh.InboundSpi, fresh.OutboundSpi), (pair.Client.Sa.Children[0].OutboundSpi, pair.Client.Sa.Children[0].InboundSpi));
        Assert.Contains(pair.Headend.Removed, c => c.InboundSpi == stale.InboundSpi);
        Assert.Contains(pair.Headend.Events, e => e.Syslog?.Id == 713259 && e.Text.EndsWith("Reason: " + LanToLanText.PeerReconnected, StringComparison.Ordinal));
        // The restarted peer knows none of them: nothing is sent for the stale SAs.
        Assert.DoesNotContain(pair.Headend.Events, e => e.Text.Contains("sending delete/delete with reason message", StringComparison.Ordinal));
    }

    [Fact]
    public void Traffic_a_crypto_acl_permits_brings_up_main_mode_and_one_sa_pair_for_the_acl_entry_at_both_sites()
    {
        var pair = Traffic(EnginePair.Sites(SiteA, SiteB));

        Assert.Equal(IkeSaState.MmActive, pair.Client.Sa.State);
        Assert.Equal(IkeSaState.MmActive, pair.Headend.Sa.State);
        Assert.Equal(IkeRole.Initiator, pair.Client.Sa.Role);
        var a = Assert.Single(pair.Client.Installed);
        var b = Assert.Single(pair.Headend.Installed);
        Assert.Equal((a.InboundSpi, a.OutboundSpi), (b.OutboundSpi, b.InboundSpi));
        Assert.Equal(a.Keys.Outbound.EncryptionKey, b.Keys.Inbound.EncryptionKey);
        Assert.Equal(new ProxyPair(Ipv4.Parse("10.1.0.0"), Ipv4.Parse("255.255.255.0"), Ipv4.Parse("10.2.0.0"), Ipv4.Parse("255.255.255.0")), a.Proxies);
        Assert.Equal(new ProxyPair(Ipv4.Parse("10.2.0.0"), Ipv4.Parse("255.255.255.0"), Ipv4.Parse("10.1.0.0"), Ipv4.Parse("255.255.255.0")), b.Proxies);
        Assert.Equal(("MAP", 10), (b.CryptoMap, b.Sequence));
        Assert.Equal(("198.18.0.1", "198.18.0.2"), (pair.Client.Sa.TunnelGroup, pair.Headend.Sa.TunnelGroup));
        Assert.Null(pair.Headend.Sa.Username);
        Assert.Contains(pair.Client.Events, e => e.Syslog?.Id == 713041);
        Assert.Contains(pair.Headend.Events, e => e.Text.StartsWith("IPSEC: An inbound LAN-to-LAN SA", StringComparison.Ordinal));
    }

    [Fact]
    public void A_peer_that_chooses_a_later_policy_with_another_group_gets_a_key_of_that_group()
    {
        // Site A offers policy 5 (group 2) first; site B has only group 14. The key pair A made ahead for
        // group 2 must give way to one of group 14 before MM3, or B drops MM3's KE for its length.
        var siteA = Site("198.18.0.2", "10.1.0.1", "10.1.0.0", "10.2.0.0", "198.18.0.1",
            extra: "crypto ikev1 policy 5\n authentication pre-share\n encryption aes-256\n hash sha\n group 2\n lifetime 86400\n");

        var pair = Traffic(EnginePair.Sites(siteA, SiteB));

        Assert.Equal((IkeSaState.MmActive, IkeSaState.MmActive), (pair.Client.Sa.State, pair.Headend.Sa.State));
        Assert.Equal(14, pair.Client.Sa.Selection!.Policy.Group);
        Assert.Single(pair.Client.Installed);
        Assert.Single(pair.Headend.Installed);
    }

    [Fact]
    public void More_traffic_for_the_same_acl_entry_starts_nothing_new()
    {
        var pair = Traffic(EnginePair.Sites(SiteA, SiteB));
        var sent = pair.Client.Sent.Count;

        Traffic(pair, "10.1.0.9", "10.2.0.200");

        Assert.Equal(sent, pair.Client.Sent.Count);
        Assert.Single(pair.Client.Installed);
    }

    [Fact]
    public void Traffic_no_crypto_acl_permits_starts_nothing()
    {
        var pair = Traffic(EnginePair.Sites(SiteA, SiteB), "10.9.0.5", "10.2.0.7");

        Assert.Empty(pair.Client.Engine.Sas);
        Assert.Empty(pair.Client.Sent);
    }

    [Fact]
    public void A_peer_whose_proxies_do_not_mirror_the_acl_is_refused_with_713061_and_nothing_is_installed()
    {
        var otherB = Site("198.18.0.1", "10.2.0.1", "10.2.0.0", "10.3.0.0", "198.18.0.2"); // B protects 10.3.0.0, not A's 10.1.0.0
        var pair = Traffic(EnginePair.Sites(SiteA, otherB));

        Assert.Empty(pair.Headend.Installed);
        Assert.Empty(pair.Client.Installed);
        Assert.Contains(pair.Headend.Events, e => e.Syslog?.Id == 713061
            && e.Text == "Rejecting IPSec tunnel: no matching crypto map entry for remote proxy 10.1.0.0/255.255.255.0/0/0 local proxy 10.2.0.0/255.255.255.0/0/0 on interface outside");
        Assert.Contains(pair.Headend.Events, e => e.Text == "Session is being torn down. Reason: crypto map policy not found");
        Assert.Empty(pair.Headend.Engine.Sas);
    }

    [Fact]
    public void A_peer_without_a_tunnel_group_of_its_own_is_keyed_by_default_l2l_group()
    {
        var siteB = SiteB.Replace("tunnel-group 198.18.0.2 ", "tunnel-group DefaultL2LGroup ", StringComparison.Ordinal);
        Assert.DoesNotContain("tunnel-group 198.18.0.2", siteB);

        var pair = Traffic(EnginePair.Sites(SiteA, siteB));

        Assert.Equal("DefaultL2LGroup", pair.Headend.Sa.TunnelGroup);
        Assert.Contains(pair.Headend.Events, e => e.Text == "Connection landed on tunnel_group DefaultL2LGroup");
        Assert.Single(pair.Headend.Installed);
        Assert.Single(pair.Client.Installed);
    }

    /// <summary>
    /// The responder grants the shorter IKE SA lifetime of its policy and says so after phase 1 with
    /// RESPONDER-LIFETIME (RFC 2407 §4.6.3.1), in main mode as in aggressive mode: both ends then hold 3600 s.
    /// </summary>
    [Fact]
    public void A_responder_with_a_shorter_ike_lifetime_grants_it_and_tells_the_initiator()
    {
        var pair = Traffic(EnginePair.Sites(SiteA, SiteB + "\ncrypto ikev1 policy 10\n lifetime 3600"));

        Assert.Equal((3600L, 3600L), (pair.Client.Sa.Keys!.Selection.LifetimeSeconds, pair.Headend.Sa.Keys!.Selection.LifetimeSeconds));
        Assert.Contains(pair.Headend.Events, e => e.Text == "sending notify message");
        Assert.Single(pair.Client.Installed);
    }

    [Fact]
    public void A_wrong_pre_shared_key_fails_main_mode_and_leaves_nothing_installed()
    {
        var pair = Traffic(EnginePair.Sites(SiteA, Site("198.18.0.1", "10.2.0.1", "10.2.0.0", "10.1.0.0", "198.18.0.2", key: "other")));

        Assert.Empty(pair.Headend.Installed);
        Assert.Empty(pair.Client.Installed);
        Assert.Empty(pair.Headend.Engine.Sas);
        Assert.Contains(pair.Headend.Events, e => e.Text.StartsWith("ERROR, had problems decrypting packet", StringComparison.Ordinal));
    }

    [Fact]
    public void With_pfs_both_sites_key_the_sa_with_a_second_diffie_hellman()
    {
        const string pfs = "crypto map MAP 10 set pfs group14";
        var pair = Traffic(EnginePair.Sites(Site("198.18.0.2", "10.1.0.1", "10.1.0.0", "10.2.0.0", "198.18.0.1", extra: pfs),
            Site("198.18.0.1", "10.2.0.1", "10.2.0.0", "10.1.0.0", "198.18.0.2", extra: pfs)));

        Assert.Equal((14, 14), (Assert.Single(pair.Client.Installed).PfsGroup, Assert.Single(pair.Headend.Installed).PfsGroup));
        Assert.Equal(pair.Client.Installed[0].Keys.Outbound.EncryptionKey, pair.Headend.Installed[0].Keys.Inbound.EncryptionKey);
    }
}

/// <summary><c>clear crypto isakmp sa PEER</c> (IkeEngine.Clear, choosing the peer's SAs): the sessions of that peer end, with DELETEs; others stay.</summary>
public class SiteClearPeerTests
{
    /// <summary>Site A with a second entry whose peer (198.18.0.9) never answers: its negotiation stays half-open.</summary>
    private const string SecondPeer = """

        access-list VPN9 extended permit ip 10.1.0.0 255.255.255.0 10.9.0.0 255.255.255.0
        crypto map MAP 20 match address VPN9
        crypto map MAP 20 set peer 198.18.0.9
        crypto map MAP 20 set ikev1 transform-set TS
        tunnel-group 198.18.0.9 type ipsec-l2l
        tunnel-group 198.18.0.9 ipsec-attributes
         ikev1 pre-shared-key other
        """;

    [Fact]
    public void Clearing_one_peer_ends_its_tunnel_at_both_ends_and_leaves_the_other_peer_alone()
    {
        var pair = SiteToSiteTests.Traffic(EnginePair.Sites(
            SiteToSiteTests.Site("198.18.0.2", "10.1.0.1", "10.1.0.0", "10.2.0.0", "198.18.0.1", extra: SecondPeer), SiteToSiteTests.SiteB));
        SiteToSiteTests.Traffic(pair, "10.1.0.5", "10.9.0.5");
        Assert.Equal(2, pair.Client.Engine.Sas.Count);
        var child = Assert.Single(pair.Client.Installed);

        pair.Do(pair.Client, (engine, config, now) => engine.Clear(config, now, sa => sa.Peer.Address.Equals(System.Net.IPAddress.Parse("198.18.0.1"))));

        var left = Assert.Single(pair.Client.Engine.Sas);
        Assert.Equal("198.18.0.9", left.Peer.Address.ToString());
        Assert.Equal(child.InboundSpi, Assert.Single(pair.Client.Removed).InboundSpi);
        Assert.Contains(pair.Client.Events, e => e.Text == "Session is being torn down. Reason: Administrator Reset");
        // The peer heard the DELETEs: its end is gone too.
        Assert.Empty(pair.Headend.Engine.Sas);
        Assert.Single(pair.Headend.Removed);
        Assert.Contains(pair.Headend.Events, e => e.Syslog?.Id == 713050 && e.Text.Contains("Reason: Peer Terminate", StringComparison.Ordinal));
    }
}

/// <summary>The syslog messages a site's tunnel gives at each end, with the context the ASA puts before them (Group = peer, no Username).</summary>
public class SiteSyslogTests
{
    private static List<(int Id, string? Group, string? User, string Text)> Syslogs(EnginePair.Side side) =>
        side.Events.Where(e => e.Syslog is not null).Select(e => (e.Syslog!.Value.Id, e.Group, e.User, e.Text)).ToList();

    [Fact]
    public void Each_end_says_phase_1_and_2_completed_for_the_lan_to_lan_group_and_the_sa_pairs_created()
    {
        var pair = SiteToSiteTests.Traffic(EnginePair.Sites(SiteToSiteTests.SiteA, SiteToSiteTests.SiteB));
        var (a, b) = (Syslogs(pair.Client), Syslogs(pair.Headend));
        var (childA, childB) = (pair.Client.Installed[0], pair.Headend.Installed[0]);

        Assert.Equal((713041, (string?)null, (string?)null,
            "IKE Initiator: New Phase 1, Intf outside, IKE Peer 198.18.0.1  local Proxy Address 10.1.0.0, remote Proxy Address 10.2.0.0,  Crypto map (MAP)"), a[0]);
        Assert.Contains((713119, "198.18.0.1", null, "PHASE 1 COMPLETED"), a);
        Assert.Contains((713119, "198.18.0.2", null, "PHASE 1 COMPLETED"), b);
        Assert.Contains((713049, "198.18.0.1", null,
            $"Security negotiation complete for LAN-to-LAN Group (198.18.0.1)  Initiator, Inbound SPI = 0x{childA.InboundSpi:x8}, Outbound SPI = 0x{childA.OutboundSpi:x8}"), a);
        Assert.Contains((713049, "198.18.0.2", null,
            $"Security negotiation complete for LAN-to-LAN Group (198.18.0.2)  Responder, Inbound SPI = 0x{childB.InboundSpi:x8}, Outbound SPI = 0x{childB.OutboundSpi:x8}"), b);
        Assert.Single(a, s => s.Id == 713120);
        Assert.Single(b, s => s.Id == 713120);
        // 602303 is an IPSEC: message: no Group = prefix.
        Assert.Contains((602303, null, null,
            $"IPSEC: An outbound LAN-to-LAN SA (SPI= 0x{childA.OutboundSpi:X8}) between 198.18.0.2 and 198.18.0.1 (user= 198.18.0.1) has been created."), a);
        Assert.Contains((602303, null, null,
            $"IPSEC: An inbound LAN-to-LAN SA (SPI= 0x{childA.InboundSpi:X8}) between 198.18.0.1 and 198.18.0.2 (user= 198.18.0.1) has been created."), a);
    }

    [Fact]
    public void A_quick_mode_the_peer_refuses_is_logged_as_a_non_routine_notify()
    {
        var pair = SiteToSiteTests.Traffic(EnginePair.Sites(SiteToSiteTests.SiteA,
            SiteToSiteTests.Site("198.18.0.1", "10.2.0.1", "10.2.0.0", "10.1.0.0", "198.18.0.2", extra: "crypto map MAP 10 set pfs group14")));

        Assert.Empty(pair.Client.Installed);
        Assert.Contains(Syslogs(pair.Client), s => s.Id == 713068 && s.Text == "Received non-routine Notify message: No proposal chosen (14)");
    }
}
