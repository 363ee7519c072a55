using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Ikev2;
using AsaEmu.Crypto.Tests.Ike;

namespace AsaEmu.Crypto.Tests.Ikev2;

/// <summary>
/// Two ASAs back to back in process over IKEv2 (RFC 7296): site A (198.18.0.2, 10.1.0.0/24) starts on
/// traffic its crypto ACL permits, site B (198.18.0.1, 10.2.0.0/24) responds. IKE_SA_INIT, IKE_AUTH with
/// pre-shared keys both ways, the first Child SA narrowed to the crypto ACL; INFORMATIONAL deletes and
/// liveness; and the three failures, each with nothing installed.
/// </summary>
public class Ikev2ExchangeTests
{
    internal static string Site(string outside, string localNet, string remoteNet, string peer, string localKey = "mine", string remoteKey = "theirs",
        string policy = "encryption aes-256\n integrity sha256\n group 14\n prf sha256", string esp = "protocol esp encryption aes-256\n protocol esp integrity sha-1",
        string acl = "", string extra = "") => $"""
        interface GigabitEthernet0/0
         nameif outside
         security-level 0
         ip address {outside} 255.255.255.0
        interface GigabitEthernet0/1
         nameif inside
         security-level 100
         ip address {localNet[..^1]}1 255.255.255.0
        access-list VPN extended permit ip {(acl.Length > 0 ? acl : $"{localNet} 255.255.255.0 {remoteNet} 255.255.255.0")}
        crypto ipsec ikev2 ipsec-proposal P
         {esp}
        crypto map MAP 10 match address VPN
        crypto map MAP 10 set peer {peer}
        crypto map MAP 10 set ikev2 ipsec-proposal P
        crypto map MAP interface outside
        crypto ikev2 policy 10
         {policy}
        crypto ikev2 enable outside
        tunnel-group {peer} type ipsec-l2l
        tunnel-group {peer} ipsec-attributes
         ikev2 remote-authentication pre-shared-key {remoteKey}
         ikev2 local-authentication pre-shared-key {localKey}
        {extra}
        """;

    /// <summary>A's local key is B's remote key and the other way round: each end proves its own (§2.15).</summary>
    internal static readonly string SiteA = Site("198.18.0.2", "10.1.0.0", "10.2.0.0", "198.18.0.1", localKey: "a-key", remoteKey: "b-key");
    internal static readonly string SiteB = Site("198.18.0.1", "10.2.0.0", "10.1.0.0", "198.18.0.2", localKey: "b-key", remoteKey: "a-key");

    private static readonly ProxyPair AtoB = new(Ipv4.Parse("10.1.0.0"), Ipv4.Parse("255.255.255.0"), Ipv4.Parse("10.2.0.0"), Ipv4.Parse("255.255.255.0"));

    private static EnginePair Up(string siteA, string siteB) => SiteToSiteTests.Traffic(EnginePair.Sites(siteA, siteB));

    private static Ikev2Sa V2(EnginePair.Side side) => Assert.Single(side.Engine.Ikev2Sas);

    /// <summary>A failure as on the ASA: no IKEv2 SA left and no Child SA installed at either end.</summary>
    private static void NothingKept(EnginePair pair)
    {
        Assert.Empty(pair.Client.Engine.Ikev2Sas);
        Assert.Empty(pair.Headend.Engine.Ikev2Sas);
        Assert.Empty(pair.Client.Installed);
        Assert.Empty(pair.Headend.Installed);
    }

    [Fact]
    public void Traffic_brings_up_ike_sa_init_and_ike_auth_and_one_child_sa_pair_keyed_alike_at_both_ends()
    {
        var pair = Up(SiteA, SiteB);

        var (a, b) = (V2(pair.Client), V2(pair.Headend));
        Assert.Equal((Ikev2SaState.Ready, Ikev2SaState.Ready), (a.State, b.State));
        Assert.Equal((IkeRole.Initiator, IkeRole.Responder), (a.Role, b.Role));
        Assert.Equal((a.SpiI, a.SpiR), (b.SpiI, b.SpiR));
        Assert.Empty(pair.Client.Engine.Sas);
        var childA = Assert.Single(pair.Client.Installed);
        var childB = Assert.Single(pair.Headend.Installed);
        Assert.Equal((childA.InboundSpi, childA.OutboundSpi), (childB.OutboundSpi, childB.InboundSpi));
        Assert.Equal(childA.Keys.Outbound.EncryptionKey, childB.Keys.Inbound.EncryptionKey);
        Assert.Equal(childA.Keys.Inbound.IntegrityKey, childB.Keys.Outbound.IntegrityKey);
        Assert.Equal(AtoB, childA.Proxies);
        Assert.Equal(new ProxyPair(AtoB.RemoteNetwork, AtoB.RemoteMask, AtoB.LocalNetwork, AtoB.LocalMask), childB.Proxies);
        Assert.Equal(((byte)12, (int?)256, (ushort?)2), (childA.Transform.TransformId, childA.Transform.KeyBits, childA.Transform.Authentication));
        Assert.Equal(("MAP", 10, "198.18.0.1"), (childA.CryptoMap, childA.Sequence, childA.TunnelGroup));
        Assert.False(childA.UdpEncapsulated);
        Assert.Contains(pair.Headend.Events, e => e.Syslog?.Id == 750006);
        Assert.Contains(pair.Client.Events, e => e.Syslog?.Id == 750001);
        // The pair's 602303 as IKEv1's: outbound from this end, inbound from the peer, the tunnel-group the user.
        Assert.Contains(pair.Client.Events, e => e.Syslog == new Events.SyslogId(602303, 6)
            && e.Text == $"IPSEC: An outbound LAN-to-LAN SA (SPI= 0x{childA.OutboundSpi:X8}) between 198.18.0.2 and 198.18.0.1 (user= 198.18.0.1) has been created.");
        Assert.Contains(pair.Headend.Events, e => e.Syslog == new Events.SyslogId(602303, 6)
            && e.Text == $"IPSEC: An inbound LAN-to-LAN SA (SPI= 0x{childB.InboundSpi:X8}) between 198.18.0.2 and 198.18.0.1 (user= 198.18.0.2) has been created.");
        // Four messages: IKE_SA_INIT and IKE_AUTH, each a request and its response.
        Assert.Equal(2, pair.Client.Sent.Count);
        Assert.Equal(2, pair.Headend.Sent.Count);
    }

    [Theory]
    [InlineData("encryption aes-gcm-256\n integrity null\n group 19\n prf sha384", "protocol esp encryption aes-gcm-256\n protocol esp integrity null")]
    [InlineData("encryption aes-gcm\n integrity null\n group 20\n prf sha512", "protocol esp encryption aes-gmac\n protocol esp integrity null")]
    [InlineData("encryption aes-192\n integrity sha512\n group 21\n prf sha", "protocol esp encryption aes-192\n protocol esp integrity sha-512")]
    [InlineData("encryption aes\n integrity sha\n group 15\n prf sha", "protocol esp encryption aes\n protocol esp integrity sha-256")]
    public void Other_groups_and_ciphers_come_up_alike(string policy, string esp)
    {
        var pair = Up(Site("198.18.0.2", "10.1.0.0", "10.2.0.0", "198.18.0.1", "a", "b", policy, esp),
            Site("198.18.0.1", "10.2.0.0", "10.1.0.0", "198.18.0.2", "b", "a", policy, esp));

        Assert.Equal(Ikev2SaState.Ready, V2(pair.Headend).State);
        var childA = Assert.Single(pair.Client.Installed);
        var childB = Assert.Single(pair.Headend.Installed);
        Assert.Equal(childA.Keys.Outbound.EncryptionKey, childB.Keys.Inbound.EncryptionKey);
        Assert.Equal(childA.Transform, childB.Transform);
    }

    [Fact]
    public void A_ke_of_another_group_than_the_responder_chooses_is_answered_with_invalid_ke_and_the_initiator_tries_that_group()
    {
        // A offers group 14 then 19, its KE is group 14's; B has only 19.
        var pair = Up(Site("198.18.0.2", "10.1.0.0", "10.2.0.0", "198.18.0.1", "a", "b", policy: "encryption aes-256\n integrity sha256\n group 14 19\n prf sha256"),
            Site("198.18.0.1", "10.2.0.0", "10.1.0.0", "198.18.0.2", "b", "a", policy: "encryption aes-256\n integrity sha256\n group 19\n prf sha256"));

        Assert.Equal((Ikev2SaState.Ready, (ushort)19), (V2(pair.Client).State, V2(pair.Client).Suite!.Group));
        Assert.Single(pair.Client.Installed);
        Assert.Equal(3, pair.Client.Sent.Count);
    }

    [Fact]
    public void The_responders_wrong_key_is_caught_by_the_initiator_and_nothing_is_installed_there()
    {
        // A expects another key of B than the one B proves: B had installed its half; A's DELETE takes it away (§2.21.2).
        var pair = Up(Site("198.18.0.2", "10.1.0.0", "10.2.0.0", "198.18.0.1", localKey: "a-key", remoteKey: "other"), SiteB);

        Assert.Empty(pair.Client.Engine.Ikev2Sas);
        Assert.Empty(pair.Headend.Engine.Ikev2Sas);
        Assert.Empty(pair.Client.Installed);
        Assert.Equal(pair.Headend.Installed, pair.Headend.Removed);
        Assert.Contains(pair.Client.Events, e => e.Syslog?.Id == 750003 && e.Text.EndsWith(Ikev2Text.AuthFailed, StringComparison.Ordinal));
    }

    /// <summary>
    /// Four failures, each with nothing kept and its 750003 at both ends: a wrong pre-shared key; no common IKE
    /// proposal; no common ESP proposal (the Child SA fails in IKE_AUTH and the IKE SA goes with it); traffic
    /// selectors B's ACL does not cover (TS_UNACCEPTABLE).
    /// </summary>
    [Theory]
    [InlineData("psk", Ikev2Text.AuthFailed)]
    [InlineData("ike", Ikev2Text.NoProposal)]
    [InlineData("esp", Ikev2Text.NoProposal)]
    [InlineData("ts", Ikev2Text.TsUnacceptable)]
    public void A_failed_negotiation_keeps_nothing_at_either_end_and_both_say_why(string failure, string why)
    {
        var siteB = failure switch
        {
            "psk" => Site("198.18.0.1", "10.2.0.0", "10.1.0.0", "198.18.0.2", localKey: "b-key", remoteKey: "not-a-key"),
            "ike" => Site("198.18.0.1", "10.2.0.0", "10.1.0.0", "198.18.0.2", "b-key", "a-key", policy: "encryption aes-gcm\n integrity null\n group 14\n prf sha256"),
            "esp" => Site("198.18.0.1", "10.2.0.0", "10.1.0.0", "198.18.0.2", "b-key", "a-key", esp: "protocol esp encryption aes-gcm\n protocol esp integrity null"),
            _ => Site("198.18.0.1", "10.2.0.0", "10.1.0.0", "198.18.0.2", "b-key", "a-key", acl: "10.2.0.0 255.255.255.0 10.9.0.0 255.255.255.0"),
        };

        var pair = Up(SiteA, siteB);

        NothingKept(pair);
        Assert.Contains(pair.Headend.Events, e => e.Syslog?.Id == 750003 && e.Text.EndsWith(why, StringComparison.Ordinal));
        Assert.Contains(pair.Client.Events, e => e.Syslog?.Id == 750003 && e.Text.EndsWith(why, StringComparison.Ordinal));
    }

    [Fact]
    public void The_responder_narrows_a_wider_proposal_to_its_crypto_acl_entry()
    {
        // A proposes 10.1.0.0/16 -> 10.2.0.0/16; B's ACL is the /24 pair inside it.
        var pair = Up(Site("198.18.0.2", "10.1.0.0", "10.2.0.0", "198.18.0.1", "a-key", "b-key", acl: "10.1.0.0 255.255.0.0 10.2.0.0 255.255.0.0"), SiteB);

        var childA = Assert.Single(pair.Client.Installed);
        Assert.Equal(AtoB, childA.Proxies);
        Assert.Equal(new ProxyPair(AtoB.RemoteNetwork, AtoB.RemoteMask, AtoB.LocalNetwork, AtoB.LocalMask), Assert.Single(pair.Headend.Installed).Proxies);
    }

    [Fact]
    public void A_lost_response_is_answered_from_the_stored_copy_when_the_initiator_resends()
    {
        var pair = EnginePair.Sites(SiteA, SiteB);
        var dropped = 0;
        // B's IKE_AUTH response is lost once: A resends its request, B answers with the same bytes, processing nothing again.
        pair.Drop = (side, d) => side == pair.Headend && IsAuthResponse(d) && dropped++ == 0;
        SiteToSiteTests.Traffic(pair);
        Assert.Empty(pair.Client.Installed);

        pair.At(pair.Now + TaskManager.FirstRetransmit);

        Assert.Single(pair.Client.Installed);
        Assert.Single(pair.Headend.Installed);
        var responses = pair.Headend.Sent.Where(IsAuthResponse).ToList();
        Assert.Equal(2, responses.Count);
        Assert.Equal(responses[0].Data.ToArray(), responses[1].Data.ToArray());
    }

    private static bool IsAuthResponse(IkeDatagram d) =>
        Ikev2Header.TryRead(d.Data.Span, out var h) && h.Exchange == Ikev2Exchange.IkeAuth && h.IsResponse;

    [Fact]
    public void Clearing_the_sa_at_either_end_deletes_the_ike_sa_and_its_child_at_both()
    {
        foreach (var clearing in new[] { true, false })
        {
            var pair = Up(SiteA, SiteB);
            var side = clearing ? pair.Client : pair.Headend;
            pair.Do(side, (engine, config, now) => engine.ClearIkev2(config, now, _ => true));

            Assert.Empty(pair.Client.Engine.Ikev2Sas);
            Assert.Empty(pair.Headend.Engine.Ikev2Sas);
            Assert.Single(pair.Client.Removed);
            Assert.Single(pair.Headend.Removed);
            Assert.Contains((clearing ? pair.Headend : pair.Client).Events, e => e.Syslog?.Id == 750007);
            var spi = Assert.Single(pair.Client.Removed).OutboundSpi;
            Assert.Contains(pair.Client.Events, e => e.Syslog?.Id == 602304
                && e.Text == $"IPSEC: An outbound LAN-to-LAN SA (SPI= 0x{spi:X8}) between 198.18.0.2 and 198.18.0.1 (user= 198.18.0.1) has been deleted.");
            Assert.Equal(2, pair.Headend.Events.Count(e => e.Syslog?.Id == 602304));
        }
    }

    [Fact]
    public void An_empty_informational_is_answered_empty_and_a_child_delete_with_our_half_of_the_pair()
    {
        var pair = Up(SiteA, SiteB);
        var a = V2(pair.Client);
        var child = Assert.Single(pair.Client.Installed);

        pair.Do(pair.Client, (engine, config, now) => Send(engine, a, config, now, Ikev2Informational.Liveness(a)));
        Assert.Equal(Ikev2SaState.Ready, V2(pair.Headend).State);
        Assert.False(a.Exchanges.Pending);

        pair.Do(pair.Client, (engine, config, now) =>
        {
            a.Children.Remove(child);
            return Send(engine, a, config, now, Ikev2Informational.DeleteChildren(a, [child]));
        });
        var removed = Assert.Single(pair.Headend.Removed);
        Assert.Equal(child.InboundSpi, removed.OutboundSpi);
        Assert.Empty(V2(pair.Headend).Children);
        Assert.Equal(Ikev2SaState.Ready, V2(pair.Headend).State);
        Assert.False(a.Exchanges.Pending);
    }

    private static IkeOutputs Send(IkeEngine engine, Ikev2Sa sa, AsaConfig config, DateTimeOffset now, Ikev2Task task)
    {
        var outputs = new IkeOutputs();
        sa.Exchanges.Queue(new IkeContext(config, now, new SeededRandom(7), outputs, new IkeServices(engine.Pools, engine.LocalUsers, engine.Statistics)), task);
        return outputs;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Near_its_lifetimes_end_the_initiator_rekeys_the_child_sa_with_create_child_sa_and_deletes_the_old_one(bool pfs)
    {
        // Hours without traffic: the default group policy's 30-minute idle timeout would end the tunnel first.
        var extra = (pfs ? "crypto map MAP 10 set pfs group14\n" : "") + "group-policy DfltGrpPolicy attributes\n vpn-idle-timeout none";
        var pair = Up(Site("198.18.0.2", "10.1.0.0", "10.2.0.0", "198.18.0.1", "a-key", "b-key", extra: extra),
            Site("198.18.0.1", "10.2.0.0", "10.1.0.0", "198.18.0.2", "b-key", "a-key", extra: extra));
        var (oldA, oldB) = (Assert.Single(pair.Client.Installed), Assert.Single(pair.Headend.Installed));

        pair.At(pair.Now + TimeSpan.FromSeconds(oldA.LifetimeSeconds * 0.95));

        var (a, b) = (Assert.Single(V2(pair.Client).Children), Assert.Single(V2(pair.Headend).Children));
        Assert.NotEqual(oldA.InboundSpi, a.InboundSpi);
        Assert.Equal((a.InboundSpi, a.OutboundSpi), (b.OutboundSpi, b.InboundSpi));
        Assert.Equal(a.Keys.Outbound.EncryptionKey, b.Keys.Inbound.EncryptionKey);
        Assert.NotEqual(oldA.Keys.Outbound.EncryptionKey, a.Keys.Outbound.EncryptionKey);
        Assert.Equal(AtoB, a.Proxies);
        Assert.Equal(pfs ? 14 : null, a.PfsGroup);
        Assert.Equal(pfs ? 14 : null, b.PfsGroup);
        Assert.Equal([oldA], pair.Client.Removed);
        Assert.Equal([oldB], pair.Headend.Removed);
        Assert.Equal((Ikev2SaState.Ready, Ikev2SaState.Ready), (V2(pair.Client).State, V2(pair.Headend).State));
    }

    [Fact]
    public void At_90_percent_of_the_policys_lifetime_the_initiator_rekeys_the_ike_sa_and_the_child_sa_moves_to_the_new_one()
    {
        const string policy = "encryption aes-256\n integrity sha256\n group 14\n prf sha256\n lifetime seconds 600";
        var pair = Up(Site("198.18.0.2", "10.1.0.0", "10.2.0.0", "198.18.0.1", "a-key", "b-key", policy),
            Site("198.18.0.1", "10.2.0.0", "10.1.0.0", "198.18.0.2", "b-key", "a-key", policy));
        var (oldA, oldB) = (V2(pair.Client), V2(pair.Headend));
        var child = Assert.Single(pair.Client.Installed);

        pair.At(pair.Now + TimeSpan.FromSeconds(600 * 0.9));

        var (a, b) = (V2(pair.Client), V2(pair.Headend));
        Assert.NotSame(oldA, a);
        Assert.NotSame(oldB, b);
        Assert.True(oldA.Removed && oldB.Removed);
        Assert.Equal((a.SpiI, a.SpiR), (b.SpiI, b.SpiR));
        Assert.NotEqual(oldA.SpiI, a.SpiI);
        Assert.Equal(a.Keys!.SkEi, b.Keys!.SkEi);
        Assert.NotEqual(oldA.Keys!.SkD, a.Keys.SkD);
        Assert.Equal([child], a.Children);
        Assert.Single(b.Children);
        Assert.Empty(pair.Client.Removed);
        Assert.Empty(pair.Headend.Removed);
        Assert.DoesNotContain(pair.Headend.Events, e => e.Syslog?.Id == 750007);

        // The new IKE SA works: its liveness check is answered, a Child SA delete crosses it.
        pair.At(pair.Now + TimeSpan.FromSeconds(10));
        Assert.Equal((Ikev2SaState.Ready, Ikev2SaState.Ready), (a.State, b.State));
        Assert.False(a.Exchanges.Pending);
        pair.Do(pair.Client, (engine, config, now) => engine.ClearIkev2(config, now, _ => true));
        Assert.Empty(pair.Headend.Engine.Ikev2Sas);
        Assert.Single(pair.Headend.Removed);
    }

    /// <summary>Sites A and B with a second ACL entry each, A's 10.1.0.0/24 to B's 10.3.0.0/24.</summary>
    private static readonly string SiteA3 = Site("198.18.0.2", "10.1.0.0", "10.2.0.0", "198.18.0.1", "a-key", "b-key",
        extra: "access-list VPN extended permit ip 10.1.0.0 255.255.255.0 10.3.0.0 255.255.255.0");
    private static readonly string SiteB3 = Site("198.18.0.1", "10.2.0.0", "10.1.0.0", "198.18.0.2", "b-key", "a-key",
        extra: "access-list VPN extended permit ip 10.3.0.0 255.255.255.0 10.1.0.0 255.255.255.0");

    [Fact]
    public void Traffic_of_another_acl_entry_gets_its_own_child_sa_over_the_ike_sa_that_is_up()
    {
        var pair = Up(SiteA3, SiteB3);

        SiteToSiteTests.Traffic(pair, "10.1.0.5", "10.3.0.9");

        Assert.Equal(2, V2(pair.Client).Children.Count);
        Assert.Equal(2, V2(pair.Headend).Children.Count);
        Assert.Contains(V2(pair.Client).Children, c => c.RemoteAddress == Ipv4.Parse("10.3.0.0"));
        Assert.Single(pair.Client.Engine.Ikev2Sas);
    }

    private static bool IsCreateChildRequest(IkeDatagram d) =>
        Ikev2Header.TryRead(d.Data.Span, out var h) && h.Exchange == Ikev2Exchange.CreateChildSa && !h.IsResponse;

    [Fact]
    public void A_child_sa_the_peer_refused_is_asked_for_again_by_the_next_traffic()
    {
        // B has no ACL entry for 10.3.0.0/24: it refuses the Child SA (TS_UNACCEPTABLE); the IKE SA stays.
        var pair = Up(SiteA3, SiteB);

        SiteToSiteTests.Traffic(pair, "10.1.0.5", "10.3.0.9");
        Assert.Single(pair.Client.Sent, IsCreateChildRequest);
        Assert.Single(V2(pair.Client).Children);

        SiteToSiteTests.Traffic(pair, "10.1.0.5", "10.3.0.9");
        Assert.Equal(2, pair.Client.Sent.Count(IsCreateChildRequest));
        Assert.Equal(Ikev2SaState.Ready, V2(pair.Client).State);
    }

    [Fact]
    public void A_child_sa_the_peer_deleted_comes_up_again_with_the_next_traffic()
    {
        var pair = Up(SiteA3, SiteB3);
        SiteToSiteTests.Traffic(pair, "10.1.0.5", "10.3.0.9");
        var b = V2(pair.Headend);
        var deleted = Assert.Single(b.Children, c => c.LocalAddress == Ipv4.Parse("10.3.0.0"));
        pair.Do(pair.Headend, (engine, config, now) =>
        {
            b.Children.Remove(deleted);
            return Send(engine, b, config, now, Ikev2Informational.DeleteChildren(b, [deleted]));
        });
        Assert.Single(V2(pair.Client).Children);

        SiteToSiteTests.Traffic(pair, "10.1.0.5", "10.3.0.9");

        var again = Assert.Single(V2(pair.Client).Children, c => c.RemoteAddress == Ipv4.Parse("10.3.0.0"));
        Assert.NotEqual(deleted.OutboundSpi, again.InboundSpi);
        Assert.Equal(2, V2(pair.Headend).Children.Count);
    }

    [Fact]
    public void Dead_peer_detection_asks_an_idle_peer_and_ends_the_sa_when_it_stays_silent()
    {
        var pair = Up(SiteA, SiteB);
        var a = V2(pair.Client);

        // Alive: the empty INFORMATIONAL after the keepalive threshold (10 s for a site) is answered.
        pair.At(pair.Now + TimeSpan.FromSeconds(10));
        Assert.Contains(pair.Client.Sent, d => Ikev2Header.TryRead(d.Data.Span, out var h) && h.Exchange == Ikev2Exchange.Informational && !h.IsResponse);
        Assert.Contains(pair.Headend.Sent, d => Ikev2Header.TryRead(d.Data.Span, out var h) && h.Exchange == Ikev2Exchange.Informational && h.IsResponse);
        Assert.False(a.Exchanges.Pending);
        Assert.Equal(Ikev2SaState.Ready, a.State);

        // Gone: nothing comes back; after the request's resends the SA and its Child SA go.
        pair.Drop = (side, _) => side == pair.Headend;
        for (var i = 0; i < 12 && pair.Client.Engine.Ikev2Sas.Count > 0; i++) pair.At(pair.Now + TimeSpan.FromMinutes(1));
        Assert.Empty(pair.Client.Engine.Ikev2Sas);
        Assert.Single(pair.Client.Removed);
        Assert.Contains(pair.Client.Events, e => e.Syslog?.Id == 750007 && e.Text.EndsWith("Peer not responding", StringComparison.Ordinal));
    }

    [Fact]
    public void Debug_crypto_ikev2_protocol_lines_name_the_packets_and_a_failure_and_none_are_built_when_it_is_off()
    {
        var pair = Up(SiteA, Site("198.18.0.1", "10.2.0.0", "10.1.0.0", "198.18.0.2", localKey: "b-key", remoteKey: "not-a-key"));

        var lines = pair.Headend.Events.Where(e => e.Category == Events.EventCategory.Ikev2).Select(e => e.Text).ToList();
        Assert.Contains(lines, l => l.StartsWith("IKEv2-PROTO-2: Received Packet [From 198.18.0.2:500/To 198.18.0.1:500/VRF i0:f0]\n", StringComparison.Ordinal)
            && l.EndsWith("\nIKEv2 IKE_SA_INIT Exchange REQUEST", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("IKEv2-PROTO-2: (1): Sending Packet [To 198.18.0.2:500/From 198.18.0.1:500/VRF i0:f0]", StringComparison.Ordinal));
        Assert.Contains("IKEv2-PROTO-1: (1): Auth exchange failed", lines);

        var quiet = EnginePair.Sites(SiteA, SiteB);
        quiet.Client.Engine.Debug = IkeDebugLevels.All with { Ikev2 = 0 };
        quiet.Headend.Engine.Debug = IkeDebugLevels.All with { Ikev2 = 1 };
        SiteToSiteTests.Traffic(quiet);
        Assert.DoesNotContain(quiet.Client.Events, e => e.Category == Events.EventCategory.Ikev2);
        Assert.DoesNotContain(quiet.Headend.Events, e => e.Category == Events.EventCategory.Ikev2);
        Assert.Single(quiet.Headend.Installed);
    }

    /// <summary>A sink that shows <c>debug crypto ikev2 protocol N</c> only.</summary>
    private sealed class Ikev2LevelSink(int level) : Events.IEventSink
    {
        public bool IsEnabled(Events.EventCategory category, int at) => category == Events.EventCategory.Ikev2 && at <= level;
        public void Publish(Events.AsaEvent e) { }
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(4, 4)]
    [InlineData(127, 5)]
    [InlineData(255, 255)]
    public void The_driver_tells_the_engine_the_ikev2_protocol_level_its_sink_shows_beside_the_ikev1_ones(int shown, int built)
    {
        Assert.Equal(new IkeDebugLevels(0, 0, built), IkeDebugLevels.From(new Ikev2LevelSink(shown)));
    }

    [Fact]
    public void Above_the_cookie_challenge_threshold_the_responder_asks_for_a_cookie_and_keeps_nothing_until_it_comes_back()
    {
        // cookie-challenge 0: every IKE_SA_INIT is challenged.
        var pair = EnginePair.Sites(SiteA, SiteB + "\ncrypto ikev2 cookie-challenge 0");
        var sent = 0;
        // Only the first request crosses: the responder's answer to it is all there is.
        pair.Drop = (side, _) => side == pair.Client && sent++ > 0;
        SiteToSiteTests.Traffic(pair);
        Assert.Empty(pair.Headend.Engine.Ikev2Sas);
        var challenge = Assert.Single(pair.Headend.Sent);
        Assert.True(Ikev2Codec.TryDecode(challenge.Data, out var m, out _));
        Assert.Equal(Ikev2NotifyTypes.Cookie, Assert.IsType<Ikev2NotifyPayload>(Assert.Single(m!.Payloads)).NotifyType);
        Assert.Equal(0UL, m.Header.SpiR);

        var up = Up(SiteA, SiteB + "\ncrypto ikev2 cookie-challenge 0");
        Assert.Equal(Ikev2SaState.Ready, V2(up.Headend).State);
        Assert.Single(up.Headend.Installed);
        Assert.Equal(3, up.Client.Sent.Count);
    }

    [Fact]
    public void Crypto_ikev2_limit_max_in_negotiation_sa_sets_how_many_negotiations_the_responder_keeps_and_the_cookie_threshold()
    {
        // 1% of the 1,000 allowed: 10 negotiations at once; the cookie challenge (50% by default) from 5 on.
        var pair = EnginePair.Sites(SiteA, SiteB + "\ncrypto ikev2 limit max-in-negotiation-sa 1");
        pair.Drop = (side, _) => side == pair.Client;
        SiteToSiteTests.Traffic(pair);
        var request = pair.Client.Sent[0].Data.ToArray();
        var headend = pair.Headend.Engine;
        // Distinct negotiations: the same IKE_SA_INIT under another initiator's SPI (its header is not signed until IKE_AUTH).
        IkeOutputs Init(ulong spi, Ikev2NotifyPayload? cookie = null)
        {
            Assert.True(Ikev2Codec.TryDecode(request, out var m, out _));
            IReadOnlyList<Ikev2Payload> payloads = cookie is null ? m!.Payloads : [cookie, .. m!.Payloads];
            var data = Ikev2Encoder.Encode(m.Header with { SpiI = spi }, payloads);
            return headend.Receive(new IkeDatagram(EnginePair.Headend500, EnginePair.Client500, data), pair.Headend.Config, pair.Now);
        }

        for (ulong spi = 1; spi <= 5; spi++) Init(spi);
        Assert.Equal(5, headend.Ikev2Sas.Count);
        var cookies = new List<Ikev2NotifyPayload>();
        for (ulong spi = 6; spi <= 11; spi++)
        {
            Assert.True(Ikev2Codec.TryDecode(Assert.Single(Init(spi).Datagrams).Data, out var challenge, out _));
            cookies.Add(Assert.IsType<Ikev2NotifyPayload>(Assert.Single(challenge!.Payloads)));
        }
        Assert.Equal(5, headend.Ikev2Sas.Count);

        for (ulong spi = 6; spi <= 11; spi++) Init(spi, cookies[(int)spi - 6]);
        Assert.Equal(10, headend.Ikev2Sas.Count);
        Assert.Equal(1, headend.Ikev2Statistics.SystemCapacityFails);
    }

    [Fact]
    public void An_interface_without_crypto_ikev2_enable_answers_ikev2_with_silence()
    {
        var pair = Up(SiteA, SiteB.Replace("crypto ikev2 enable outside", "", StringComparison.Ordinal));

        Assert.Contains(pair.Client.Sent, d => Ikev2Header.TryRead(d.Data.Span, out var h) && h.Exchange == Ikev2Exchange.IkeSaInit && !h.IsResponse);
        Assert.Empty(pair.Headend.Sent);
        Assert.Empty(pair.Headend.Engine.Ikev2Sas);
    }
}
