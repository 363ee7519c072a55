using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Isakmp;
using static AsaEmu.Crypto.Tests.Ike.SiteToSiteTests;

namespace AsaEmu.Crypto.Tests.Ike;

/// <summary>
/// A site's IPsec SAs are rekeyed by whichever end's P2 rekey timer or kilobyte count says so, in
/// either IKE role (only an EzVPN client leaves it to its headend); two rekeys that cross leave one
/// SA pair; the old pair goes at its lifetime's end with nothing lost between.
/// </summary>
public class SiteRekeyTests
{
    private const string Lifetime = "crypto map MAP 10 set security-association lifetime seconds 3600";

    /// <summary>The sites carry no traffic in these tests: without this the group policy's 30 idle minutes would end them.</summary>
    private const string NoIdleTimeout = "\ngroup-policy DfltGrpPolicy attributes\n vpn-idle-timeout none";

    private static EnginePair Up(string extraA = Lifetime, string extraB = Lifetime) =>
        Traffic(EnginePair.Sites(Site("198.18.0.2", "10.1.0.1", "10.1.0.0", "10.2.0.0", "198.18.0.1", extra: extraA + NoIdleTimeout),
            Site("198.18.0.1", "10.2.0.1", "10.2.0.0", "10.1.0.0", "198.18.0.2", extra: extraB + NoIdleTimeout)));

    private static void AssertOnePairEachSide(EnginePair pair)
    {
        var a = Assert.Single(pair.Client.Sa.Children);
        var b = Assert.Single(pair.Headend.Sa.Children);
        Assert.Equal((a.InboundSpi, a.OutboundSpi), (b.OutboundSpi, b.InboundSpi));
        Assert.Equal(a.Keys.Outbound.EncryptionKey, b.Keys.Inbound.EncryptionKey);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_end_whose_kilobytes_run_out_rekeys_in_either_ike_role(bool initiatorCounts)
    {
        var pair = Up(Lifetime + " kilobytes 10000", Lifetime + " kilobytes 10000");
        var side = initiatorCounts ? pair.Client : pair.Headend;
        var old = Assert.Single(side.Sa.Children);
        Assert.Equal(10000, old.LifetimeKilobytes);

        side.Engine.NoteUsage(side.Sa.CookieI, old.InboundSpi, new ChildSaUsage(9600 * 1024L, 0), pair.Now);
        pair.At(pair.Now + TimeSpan.FromSeconds(1));

        Assert.Equal(2, pair.Client.Installed.Count);
        Assert.Equal(2, pair.Headend.Installed.Count);
        Assert.Contains(side.Events, e => e.Syslog?.Id == 713041 && e.Text.StartsWith("IKE Initiator: Rekeying Phase 2, Intf outside", StringComparison.Ordinal));
        var fresh = side.Installed[^1];
        Assert.Equal(old.Proxies, fresh.Proxies);
        Assert.NotEqual(old.InboundSpi, fresh.InboundSpi);
        // The old pair stays until its kilobytes are spent, then goes at both ends (a DELETE).
        side.Engine.NoteUsage(side.Sa.CookieI, old.InboundSpi, new ChildSaUsage(10001 * 1024L, 0), pair.Now);
        pair.At(fresh.Created + IkeEngine.ReplacedSaGrace);
        AssertOnePairEachSide(pair);
        Assert.Equal(fresh.InboundSpi, side.Sa.Children[0].InboundSpi);
    }

    [Fact]
    public void A_rekeys_first_message_lost_on_the_way_is_resent_and_the_rekey_completes()
    {
        var pair = Up(Lifetime + " kilobytes 10000", Lifetime + " kilobytes 10000");
        var side = pair.Client;
        var old = Assert.Single(side.Sa.Children);
        var lost = 0;
        pair.Drop = (from, _) => from == side && lost++ == 0;

        side.Engine.NoteUsage(side.Sa.CookieI, old.InboundSpi, new ChildSaUsage(9600 * 1024L, 0), pair.Now);
        pair.At(pair.Now + TimeSpan.FromSeconds(1));
        Assert.Equal(1, lost);
        Assert.Single(pair.Headend.Sa.Children); // QM1 never arrived

        pair.At(pair.Now + TaskManager.FirstRetransmit);
        Assert.Equal(2, side.Sa.Children.Count);
        Assert.Equal(2, pair.Headend.Sa.Children.Count);
        Assert.Contains(side.Events, e => e.Text.Contains("RESENDING", StringComparison.Ordinal));
        Assert.Equal(old.Proxies, side.Sa.Children[^1].Proxies);
    }

    [Fact]
    public void A_kilobyte_rekey_is_due_at_once_and_then_not_again_while_the_replaced_sa_waits_for_its_last_kilobytes()
    {
        var (pair, side, old) = AtNinetySixPercentOfTenMegabytes();
        Assert.True(side.Engine.NextDeadline <= pair.Now); // 95% counted: the rekey is due at once

        // Rekeyed: the old pair (at 96%) waits for its last kilobytes or its seconds, not for the
        // loop; before, the deadline stayed in the past and the control loop ticked without pause.
        pair.At(pair.Now + TimeSpan.FromSeconds(1));
        Assert.Equal(2, side.Sa.Children.Count);
        AssertLater(side, pair.Now);

        // Spent and replaced: it goes a moment after its replacement came (the peer's last packets by it
        // may still be on their way), and not before.
        side.Engine.NoteUsage(side.Sa.CookieI, old.InboundSpi, new ChildSaUsage(10001 * 1024L, 0), pair.Now);
        var replacedAt = side.Sa.Children[^1].Created;
        Assert.Equal(replacedAt + IkeEngine.ReplacedSaGrace, side.Engine.NextDeadline);
        pair.At(replacedAt + IkeEngine.ReplacedSaGrace - TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, side.Sa.Children.Count);
        pair.At(replacedAt + IkeEngine.ReplacedSaGrace);
        AssertOnePairEachSide(pair);
    }

    [Fact]
    public void A_kilobyte_rekey_that_gets_no_answer_is_not_due_again_until_the_sa_is_spent()
    {
        var (pair, side, old) = AtNinetySixPercentOfTenMegabytes();
        pair.Drop = (_, d) => d.Data.Span[18] == (byte)ExchangeType.QuickMode; // the rekey's QM1; DPD goes on

        pair.At(pair.Now + TimeSpan.FromSeconds(1));
        Assert.Contains(old.InboundSpi, side.Sa.RekeyStarted.Keys);
        AssertLater(side, pair.Now);
        // Its negotiation's time passed, the SA not spent: nothing to do, so nothing due.
        pair.At(pair.Now + IkeEngine.NegotiationTimeout + TimeSpan.FromSeconds(1));
        AssertLater(side, pair.Now);

        // Spent with its rekey lost: it goes (a DELETE), as the ASA lets traffic wait only for a rekey under way.
        pair.Drop = (_, _) => false;
        side.Engine.NoteUsage(side.Sa.CookieI, old.InboundSpi, new ChildSaUsage(10001 * 1024L, 0), pair.Now);
        Assert.True(side.Engine.NextDeadline <= pair.Now);
        pair.At(pair.Now);
        Assert.Empty(side.Sa.Children);
    }

    /// <summary>Site A's pair of a 10 000 kB lifetime has counted 9 600 kB.</summary>
    private static (EnginePair Pair, EnginePair.Side Side, ChildSa Old) AtNinetySixPercentOfTenMegabytes()
    {
        var pair = Up(Lifetime + " kilobytes 10000", Lifetime + " kilobytes 10000");
        var side = pair.Client;
        var old = Assert.Single(side.Sa.Children);
        side.Engine.NoteUsage(side.Sa.CookieI, old.InboundSpi, new ChildSaUsage(9600 * 1024L, 0), pair.Now);
        return (pair, side, old);
    }

    private static void AssertLater(EnginePair.Side side, DateTimeOffset now) =>
        Assert.True(side.Engine.NextDeadline > now, $"the next deadline {side.Engine.NextDeadline} is not after {now}");

    /// <summary>
    /// The Quick Mode responder installs the new SA's inbound side when it sends QM2: the initiator
    /// encrypts by the new SA once it sent QM3, and its packets may reach the responder's dataplane
    /// before QM3 reaches its control loop; QM3 then installs the pair over it.
    /// </summary>
    [Fact]
    public void The_quick_mode_responder_receives_by_the_new_sa_from_qm2_on_and_qm3_installs_the_pair()
    {
        var pair = Up();

        var early = Assert.Single(pair.Headend.Receiving);
        var installed = Assert.Single(pair.Headend.Installed);
        Assert.True(early.InboundOnly);
        Assert.False(installed.InboundOnly);
        Assert.Equal((early.InboundSpi, early.OutboundSpi), (installed.InboundSpi, installed.OutboundSpi));
        Assert.Equal(early.Keys.Inbound.EncryptionKey, installed.Keys.Inbound.EncryptionKey);
        Assert.Empty(pair.Headend.Sa.Receiving);
        Assert.Empty(pair.Client.Receiving); // the initiator installs the pair at QM2, as it then knows the peer has the keys
    }

    [Fact]
    public void An_inbound_sa_whose_qm3_never_came_leaves_the_dataplane_with_its_ike_sa()
    {
        var quickModes = 0;
        var pair = EnginePair.Sites(Site("198.18.0.2", "10.1.0.1", "10.1.0.0", "10.2.0.0", "198.18.0.1", extra: NoIdleTimeout),
            Site("198.18.0.1", "10.2.0.1", "10.2.0.0", "10.1.0.0", "198.18.0.2", extra: NoIdleTimeout));
        pair.Drop = (side, d) => side == pair.Client && d.Data.Span[18] == (byte)ExchangeType.QuickMode && ++quickModes == 2; // QM3
        Traffic(pair);

        var early = Assert.Single(pair.Headend.Receiving);
        Assert.Empty(pair.Headend.Installed);
        Assert.Equal(early, Assert.Single(pair.Headend.Sa.Receiving));

        pair.Do(pair.Headend, (engine, config, now) => engine.Clear(config, now, sa => sa.Peer.Address.Equals(System.Net.IPAddress.Parse("198.18.0.2"))));

        Assert.Contains(early, pair.Headend.Removed);
        Assert.Empty(pair.Headend.Engine.Sas);
    }

    [Fact]
    public void The_responders_lifetime_is_the_shorter_one_the_initiator_offered()
    {
        var pair = Up(extraB: "");

        Assert.Equal((3600, 3600), (pair.Client.Sa.Children[0].LifetimeSeconds, pair.Headend.Sa.Children[0].LifetimeSeconds));
    }

    [Fact]
    public void Both_ends_rekey_at_their_p2_rekey_timer_and_the_crossing_exchanges_leave_one_pair()
    {
        var pair = Up();

        pair.At(EnginePair.Start + TimeSpan.FromSeconds(3600 * 95 / 100));

        // Both began a rekey: one went on (the higher nonce), the other was dropped at both ends.
        Assert.Contains(pair.Client.Events, e => e.Syslog?.Id == 713041 && e.Text.Contains("Rekeying Phase 2", StringComparison.Ordinal));
        Assert.Contains(pair.Headend.Events, e => e.Syslog?.Id == 713041 && e.Text.Contains("Rekeying Phase 2", StringComparison.Ordinal));
        Assert.Equal(2, pair.Client.Installed.Count);
        Assert.Equal(2, pair.Headend.Installed.Count);
        var (a, b) = (pair.Client.Installed[1], pair.Headend.Installed[1]);
        Assert.Equal((a.InboundSpi, a.OutboundSpi), (b.OutboundSpi, b.InboundSpi));
        Assert.Empty(pair.Client.Sa.Tasks.QuickModes);
        Assert.Empty(pair.Headend.Sa.Tasks.QuickModes);
        Assert.Single(pair.Client.Events, e => e.Text.StartsWith("Phase 2 rekey collision: abandoning", StringComparison.Ordinal)
            || e.Text.StartsWith("Phase 2 rekey collision: keeping", StringComparison.Ordinal));

        // Nothing is due before the old pair's end: its 95% point passed, and its rekey is done.
        AssertLater(pair.Client, pair.Now);
        AssertLater(pair.Headend, pair.Now);

        // At the old pair's end it goes, with a DELETE; the new one stays at both ends.
        pair.At(EnginePair.Start + TimeSpan.FromSeconds(3600));
        AssertOnePairEachSide(pair);
        Assert.Equal(a.InboundSpi, pair.Client.Sa.Children[0].InboundSpi);
        Assert.Empty(pair.Client.Sa.RekeyStarted);
    }
}

/// <summary>
/// A site's IKE SA near its lifetime's end: while the tunnel carries traffic, the end that began it
/// negotiates a new one (main mode again), which takes the IPsec SAs over, and the old one goes with
/// a DELETE and no teardown; a quiet tunnel expires and comes back with its next traffic.
/// </summary>
public class SitePhase1RekeyTests
{
    private const string ShortPhase1 = "\ncrypto ikev1 policy 10\n lifetime 3000\ngroup-policy DfltGrpPolicy attributes\n vpn-idle-timeout none";

    private static EnginePair Up() =>
        Traffic(EnginePair.Sites(Site("198.18.0.2", "10.1.0.1", "10.1.0.0", "10.2.0.0", "198.18.0.1", extra: ShortPhase1),
            Site("198.18.0.1", "10.2.0.1", "10.2.0.0", "10.1.0.0", "198.18.0.2", extra: ShortPhase1)));

    [Fact]
    public void With_traffic_flowing_the_initiator_rekeys_phase_1_and_the_ipsec_sas_move_to_the_new_ike_sa()
    {
        var pair = Up();
        var (oldA, oldB) = (pair.Client.Sa, pair.Headend.Sa);
        var child = oldA.Children[0];
        pair.At(EnginePair.Start + TimeSpan.FromSeconds(100));
        pair.Client.Engine.NoteUsage(oldA.CookieI, child.InboundSpi, new ChildSaUsage(5000, 7000), pair.Now);

        pair.At(EnginePair.Start + TimeSpan.FromSeconds(3000 * 95 / 100));

        var (newA, newB) = (pair.Client.Sa, pair.Headend.Sa);
        Assert.NotEqual(oldA.CookieI, newA.CookieI);
        Assert.Equal(newA.CookieI, newB.CookieI);
        Assert.Equal((IkeSaState.MmActive, IkeSaState.MmActive), (newA.State, newB.State));
        Assert.True(oldA.Removed && oldB.Removed);
        Assert.Equal(child.InboundSpi, Assert.Single(newA.Children).InboundSpi);
        Assert.Single(newB.Children);
        Assert.Empty(pair.Client.Removed);
        Assert.Empty(pair.Headend.Removed);
        Assert.Contains(pair.Client.Events, e => e.Syslog?.Id == 713041 && e.Text.StartsWith("IKE Initiator: Rekeying Phase 1, Intf outside, IKE Peer 198.18.0.1", StringComparison.Ordinal));
        Assert.DoesNotContain(pair.Client.Events.Concat(pair.Headend.Events), e => e.Syslog?.Id is 113019 or 713259);
        Assert.Equal(5000, newA.BytesReceived);
        // The replaced IKE SA ended no session (show vpn-sessiondb's cumulative stays at one) and failed nothing.
        foreach (var stats in new[] { pair.Client.Engine.Statistics, pair.Headend.Engine.Statistics })
            Assert.Equal((0L, 0L, 0L, 0L), (stats.PreviousTunnels, stats.PreviousSiteSessions, stats.InitiatorFails, stats.ResponderFails));
        // INITIAL-CONTACT came with the first MM5 only: in the rekey's it would tell the peer to drop the SAs the new IKE SA takes over.
        const string Mm5 = "IKE_DECODE RECEIVED Message (msgid=0) with payloads : HDR + ID (5) + HASH (8) + ";
        Assert.Single(pair.Headend.Events, e => e.Text.StartsWith(Mm5 + "NOTIFY (11) + VENDOR (13)", StringComparison.Ordinal));
        Assert.Single(pair.Headend.Events, e => e.Text.StartsWith(Mm5 + "VENDOR (13)", StringComparison.Ordinal));

        // The new IKE SA lives on past the old one's end.
        pair.At(EnginePair.Start + TimeSpan.FromSeconds(3100));
        Assert.Single(pair.Client.Engine.Sas);
        Assert.Single(pair.Headend.Engine.Sas);
    }

    [Fact]
    public void A_quiet_tunnel_expires_with_its_ike_sa_and_its_next_traffic_brings_it_up_again()
    {
        var pair = Up();

        // Past its P1 rekey time a quiet tunnel asks for no tick before its next real deadline.
        pair.At(EnginePair.Start + TimeSpan.FromSeconds(2900));
        Assert.True(pair.Client.Engine.NextDeadline > pair.Now);
        pair.At(EnginePair.Start + TimeSpan.FromSeconds(3000));

        Assert.Empty(pair.Client.Engine.Sas);
        Assert.Empty(pair.Headend.Engine.Sas);
        Assert.Contains(pair.Client.Events, e => e.Text == "Session is being torn down. Reason: SA Expired");

        Traffic(pair);
        Assert.Equal(IkeSaState.MmActive, pair.Client.Sa.State);
        Assert.Single(pair.Headend.Sa.Children);
    }
}
