using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Ikev2;
using AsaEmu.Crypto.Tests.Ike;

namespace AsaEmu.Crypto.Tests.Ikev2;

/// <summary>
/// An IKEv2 site's Child SAs and the dataplane's byte counts, two engines back to back: the crypto map's
/// kilobyte lifetime rekeys a Child SA with CREATE_CHILD_SA at the same share as its lifetime in seconds
/// (95% by the IKE SA's initiator, 97.5% by the responder), a spent one whose rekey cannot be goes, and the
/// group policy's <c>vpn-idle-timeout</c> ends a tunnel that carried nothing and its <c>vpn-session-timeout</c> any
/// tunnel, as IKEv1 sites have them.
/// </summary>
public class Ikev2LifetimeTests
{
    private const string Kilobytes = "crypto map MAP 10 set security-association lifetime kilobytes 10000";

    private static EnginePair Up(string extraA = "", string extraB = "") => SiteToSiteTests.Traffic(EnginePair.Sites(
        Ikev2ExchangeTests.Site("198.18.0.2", "10.1.0.0", "10.2.0.0", "198.18.0.1", "a-key", "b-key", extra: extraA),
        Ikev2ExchangeTests.Site("198.18.0.1", "10.2.0.0", "10.1.0.0", "198.18.0.2", "b-key", "a-key", extra: extraB)));

    private static Ikev2Sa V2(EnginePair.Side side) => Assert.Single(side.Engine.Ikev2Sas);

    /// <summary>
    /// The two sites up with a 600-second IKE SA lifetime, which A (the initiator) renews at 9 minutes; A's group policy
    /// says <paramref name="policyA"/>, B's has no idle timeout (it would end the tunnel from its side).
    /// </summary>
    private static EnginePair UpToRekeyAtNineMinutes(string policyA)
    {
        const string Policy = "encryption aes-256\n integrity sha256\n group 14\n prf sha256\n lifetime seconds 600";
        return SiteToSiteTests.Traffic(EnginePair.Sites(
            Ikev2ExchangeTests.Site("198.18.0.2", "10.1.0.0", "10.2.0.0", "198.18.0.1", "a-key", "b-key", Policy, extra: policyA),
            Ikev2ExchangeTests.Site("198.18.0.1", "10.2.0.0", "10.1.0.0", "198.18.0.2", "b-key", "a-key", Policy,
                extra: "group-policy DfltGrpPolicy attributes\n vpn-idle-timeout none")));
    }

    /// <summary>What the dataplane counted on the side's one Child SA, as the driver's once-a-second poll tells the engine.</summary>
    private static void Counted(EnginePair pair, EnginePair.Side side, long kilobytesIn, long bytesOut = 0)
    {
        var sa = V2(side);
        side.Engine.NoteIkev2Usage(sa.OwnSpi, Assert.Single(sa.Children).InboundSpi, new ChildSaUsage(kilobytesIn * 1024, bytesOut), pair.Now);
    }

    private static bool IsCreateChildRequest(IkeDatagram d) =>
        Ikev2Header.TryRead(d.Data.Span, out var h) && h.Exchange == Ikev2Exchange.CreateChildSa && !h.IsResponse;

    [Fact]
    public void At_95_percent_of_its_kilobytes_the_initiator_rekeys_the_child_sa_with_create_child_sa_and_deletes_the_old_one()
    {
        var pair = Up(Kilobytes, Kilobytes);
        var (oldA, oldB) = (Assert.Single(pair.Client.Installed), Assert.Single(pair.Headend.Installed));
        Assert.Equal(10000, oldA.LifetimeKilobytes);

        Counted(pair, pair.Client, 9499);
        pair.At(pair.Now + TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(pair.Client.Sent, IsCreateChildRequest);

        Counted(pair, pair.Client, 9500);
        pair.At(pair.Now + TimeSpan.FromSeconds(1));

        Assert.Single(pair.Client.Sent, IsCreateChildRequest);
        var (a, b) = (Assert.Single(V2(pair.Client).Children), Assert.Single(V2(pair.Headend).Children));
        Assert.NotEqual(oldA.InboundSpi, a.InboundSpi);
        Assert.Equal((a.InboundSpi, a.OutboundSpi), (b.OutboundSpi, b.InboundSpi));
        Assert.Equal(10000, a.LifetimeKilobytes);
        Assert.Equal([oldA], pair.Client.Removed);
        Assert.Equal([oldB], pair.Headend.Removed);
        // What the old pair carried stays the session's.
        Assert.Equal(9500 * 1024, V2(pair.Client).Usage[oldA.InboundSpi].BytesIn);
        Assert.Equal((Ikev2SaState.Ready, Ikev2SaState.Ready), (V2(pair.Client).State, V2(pair.Headend).State));
    }

    [Fact]
    public void The_responder_rekeys_at_97_and_a_half_percent_should_the_initiator_not_have()
    {
        var pair = Up(Kilobytes, Kilobytes);
        var oldB = Assert.Single(pair.Headend.Installed);

        Counted(pair, pair.Headend, 9749);
        pair.At(pair.Now + TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(pair.Headend.Sent, IsCreateChildRequest);

        Counted(pair, pair.Headend, 9750);
        pair.At(pair.Now + TimeSpan.FromSeconds(1));

        Assert.Single(pair.Headend.Sent, IsCreateChildRequest);
        Assert.NotEqual(oldB.InboundSpi, Assert.Single(V2(pair.Headend).Children).InboundSpi);
        Assert.Equal([oldB], pair.Headend.Removed);
        Assert.Single(pair.Client.Removed);
    }

    [Fact]
    public void A_child_sa_counted_past_its_kilobytes_at_once_is_rekeyed_first_not_deleted()
    {
        var pair = Up(Kilobytes, Kilobytes);
        var oldA = Assert.Single(pair.Client.Installed);

        Counted(pair, pair.Client, 12000);
        pair.At(pair.Now + TimeSpan.FromSeconds(1));

        var a = Assert.Single(V2(pair.Client).Children);
        Assert.NotEqual(oldA.InboundSpi, a.InboundSpi);
        Assert.Single(V2(pair.Headend).Children);
        Assert.Equal([oldA], pair.Client.Removed);
    }

    [Fact]
    public void A_spent_child_sa_whose_rekey_the_peer_refused_is_deleted_and_the_ike_sa_with_its_last_child()
    {
        // B's entry has no kilobyte lifetime but another transform set: it refuses A's rekey (NO_PROPOSAL_CHOSEN)
        // once A's proposal changed under it; A's spent Child SA then goes, the last one taking the IKE SA.
        var pair = Up(Kilobytes, Kilobytes);
        pair.Headend.Config = ConfigModel.Loading.ConfigLoader.Load(Ikev2ExchangeTests.Site("198.18.0.1", "10.2.0.0", "10.1.0.0", "198.18.0.2", "b-key", "a-key",
            esp: "protocol esp encryption aes-192\n protocol esp integrity sha-512", extra: Kilobytes)).Config;

        Counted(pair, pair.Client, 10000);
        pair.At(pair.Now + TimeSpan.FromSeconds(1));
        Assert.Single(pair.Client.Sent, IsCreateChildRequest);

        // The refusal answered in that step; the next tick finds the SA spent with no rekey under way.
        pair.At(pair.Now + TimeSpan.FromSeconds(1));

        Assert.Empty(pair.Client.Engine.Ikev2Sas);
        Assert.Empty(pair.Headend.Engine.Ikev2Sas);
        Assert.Single(pair.Client.Removed);
        Assert.Single(pair.Headend.Removed);
    }

    [Fact]
    public void Without_a_kilobyte_lifetime_traffic_rekeys_nothing()
    {
        const string Unlimited = "crypto map MAP 10 set security-association lifetime kilobytes unlimited";
        var pair = Up(Unlimited, Unlimited);
        Assert.Null(Assert.Single(pair.Client.Installed).LifetimeKilobytes);

        Counted(pair, pair.Client, 50_000_000);
        pair.At(pair.Now + TimeSpan.FromSeconds(1));

        Assert.DoesNotContain(pair.Client.Sent, IsCreateChildRequest);
        Assert.Empty(pair.Client.Removed);
    }

    [Fact]
    public void A_tunnel_idle_for_the_group_policys_vpn_idle_timeout_ends_at_both_ends_and_traffic_keeps_it()
    {
        const string Idle = "group-policy DfltGrpPolicy attributes\n vpn-idle-timeout 5";
        var pair = Up(Idle, "group-policy DfltGrpPolicy attributes\n vpn-idle-timeout none");
        var up = pair.Now;

        // Traffic 4 minutes in: the 5 minutes count from there.
        pair.At(up + TimeSpan.FromMinutes(4));
        Counted(pair, pair.Client, 1, 500);
        pair.At(up + TimeSpan.FromMinutes(8));
        Assert.Equal(Ikev2SaState.Ready, V2(pair.Client).State);
        Assert.Empty(pair.Client.Removed);

        pair.At(up + TimeSpan.FromMinutes(9));

        Assert.Empty(pair.Client.Engine.Ikev2Sas);
        Assert.Empty(pair.Headend.Engine.Ikev2Sas);
        Assert.Single(pair.Client.Removed);
        Assert.Single(pair.Headend.Removed);
        Assert.Contains(pair.Client.Events, e => e.Syslog?.Id == 750007 && e.Text.EndsWith("Reason: Idle Timeout", StringComparison.Ordinal));
        // The session's end as an IKEv1 site's says it: its length and what it carried.
        Assert.Contains(pair.Client.Events, e => e.Syslog == new Events.SyslogId(113019, 4) && e.Group == "198.18.0.1" && e.Peer == "198.18.0.1"
            && e.Text == "Session disconnected. Session Type: LAN-to-LAN, Duration: 0h:09m:00s, Bytes xmt: 500, Bytes rcv: 1024, Reason: Idle Timeout");
    }

    [Fact]
    public void The_default_group_policys_30_minutes_end_an_idle_tunnel_and_vpn_idle_timeout_none_keeps_it()
    {
        var pair = Up();
        pair.At(pair.Now + TimeSpan.FromMinutes(29));
        Assert.Single(pair.Client.Engine.Ikev2Sas);
        pair.At(pair.Now + TimeSpan.FromMinutes(1));
        Assert.Empty(pair.Client.Engine.Ikev2Sas);

        const string None = "group-policy DfltGrpPolicy attributes\n vpn-idle-timeout none";
        var kept = Up(None, None);
        kept.At(kept.Now + TimeSpan.FromHours(2));
        Assert.Equal(Ikev2SaState.Ready, V2(kept.Client).State);
    }

    [Fact]
    public void The_idle_timeout_counts_from_the_last_traffic_across_an_ike_sa_rekey()
    {
        var pair = UpToRekeyAtNineMinutes("group-policy DfltGrpPolicy attributes\n vpn-idle-timeout 10");
        var up = pair.Now;
        var first = V2(pair.Client);
        pair.At(up + TimeSpan.FromMinutes(5));
        Counted(pair, pair.Client, 1);

        pair.At(up + TimeSpan.FromSeconds(600 * 0.9));
        var successor = V2(pair.Client);
        Assert.NotSame(first, successor);

        pair.At(up + TimeSpan.FromMinutes(14));
        Assert.Same(successor, V2(pair.Client));
        pair.At(up + TimeSpan.FromMinutes(15));
        Assert.Empty(pair.Client.Engine.Ikev2Sas);
        // The session lasted from its first IKE SA on, and kept what it carried before the rekey.
        Assert.Contains(pair.Client.Events, e => e.Syslog?.Id == 113019
            && e.Text == "Session disconnected. Session Type: LAN-to-LAN, Duration: 0h:15m:00s, Bytes xmt: 0, Bytes rcv: 1024, Reason: Idle Timeout");
        Assert.Single(pair.Client.Events, e => e.Syslog?.Id == 113019);
    }

    [Fact]
    public void The_group_policys_vpn_session_timeout_ends_a_busy_tunnel_counted_from_its_start_across_an_ike_sa_rekey()
    {
        var pair = UpToRekeyAtNineMinutes("group-policy DfltGrpPolicy attributes\n vpn-session-timeout 12\n vpn-idle-timeout none");
        var up = pair.Now;

        // Busy all along, its IKE SA rekeyed at 9 minutes: still the same session.
        for (var minute = 1; minute < 12; minute++)
        {
            pair.At(up + TimeSpan.FromMinutes(minute));
            Counted(pair, pair.Client, minute);
        }
        Assert.Single(pair.Client.Engine.Ikev2Sas);

        pair.At(up + TimeSpan.FromMinutes(12));

        Assert.Empty(pair.Client.Engine.Ikev2Sas);
        Assert.Empty(pair.Headend.Engine.Ikev2Sas);
        Assert.Contains(pair.Client.Events, e => e.Syslog?.Id == 113019 && e.Text.StartsWith("Session disconnected. Session Type: LAN-to-LAN, Duration: 0h:12m:00s,", StringComparison.Ordinal)
            && e.Text.EndsWith("Reason: Max time exceeded", StringComparison.Ordinal));
    }
}
