using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using static AsaEmu.Crypto.Tests.Ike.SiteToSiteTests;

namespace AsaEmu.Crypto.Tests.Ike;

/// <summary>
/// Traffic on both LANs in the same instant: each site starts main mode with the other, and the two
/// main modes cross. However the two IKE SAs end, one tunnel must be left: one IPsec SA pair at each
/// end, the same pair, over IKE SAs both ends hold, and nothing negotiating or orphaned.
/// </summary>
public class SitePhase1CollisionTests
{
    private static EnginePair BothStart()
    {
        var pair = EnginePair.Sites(SiteA, SiteB);
        return pair.Together(side => side == pair.Client
            ? side.Engine.Initiate("outside", Ipv4.Parse("10.1.0.5"), Ipv4.Parse("10.2.0.7"), side.Config, pair.Now)
            : side.Engine.Initiate("outside", Ipv4.Parse("10.2.0.7"), Ipv4.Parse("10.1.0.5"), side.Config, pair.Now));
    }

    private static string Describe(EnginePair pair) => string.Join("\n", new[] { pair.Client, pair.Headend }.SelectMany(side =>
        side.Engine.Sas.Select(sa => $"{side.Name}: {sa.CookieI:x16}/{sa.CookieR:x16} {sa.Role} {sa.State} children {string.Join(',', sa.Children.Select(c => $"{c.InboundSpi:x8}"))}"))
        .Concat(pair.Client.Events.Select(e => "A " + e.Text).Concat(pair.Headend.Events.Select(e => "B " + e.Text)).Where(t => !t.StartsWith("IKE_DECODE", StringComparison.Ordinal) && !t.StartsWith("  ", StringComparison.Ordinal))));

    [Fact]
    public void Main_modes_that_cross_leave_one_ike_sa_and_one_sa_pair_the_higher_initiator_cookies()
    {
        var pair = BothStart();

        // Each end said which main mode it kept, and both kept the same one.
        var kept = Assert.Single(pair.Client.Events.Concat(pair.Headend.Events), e => e.Text.StartsWith("Phase 1 collision: keeping", StringComparison.Ordinal));
        Assert.Single(pair.Client.Events.Concat(pair.Headend.Events), e => e.Text.StartsWith("Phase 1 collision: abandoning", StringComparison.Ordinal));
        var (a, b) = (pair.Client.Engine.Sas.ToList(), pair.Headend.Engine.Sas.ToList());
        Assert.True(a.Count == 1 && b.Count == 1, Describe(pair));
        Assert.Equal(a[0].CookieI, b[0].CookieI);
        Assert.Equal((IkeSaState.MmActive, IkeSaState.MmActive), (a[0].State, b[0].State));
        Assert.NotEqual(a[0].Role, b[0].Role);
        Assert.Contains($"MM:{a[0].CookieI >> 32:x8}", kept.Text);

        // One SA pair, the same at both ends; the abandoned main mode left nothing behind.
        var (childA, childB) = (Assert.Single(a[0].Children), Assert.Single(b[0].Children));
        Assert.Equal((childA.InboundSpi, childA.OutboundSpi), (childB.OutboundSpi, childB.InboundSpi));
        Assert.Equal(childA.Keys.Outbound.EncryptionKey, childB.Keys.Inbound.EncryptionKey);
        Assert.Equal((1, 1), (pair.Client.Installed.Count, pair.Headend.Installed.Count));
        Assert.Empty(pair.Client.Removed.Concat(pair.Headend.Removed));

        // Nothing is resent later or times out: the tunnel carries on.
        pair.At(EnginePair.Start + IkeEngine.NegotiationTimeout + TimeSpan.FromSeconds(1));
        Assert.Equal((1, 1), (pair.Client.Engine.Sas.Count(), pair.Headend.Engine.Sas.Count()));
        Assert.Single(pair.Client.Sa.Children);
        Assert.Single(pair.Headend.Sa.Children);
    }

    [Fact]
    public void More_traffic_at_the_site_that_yielded_uses_the_tunnel_its_peer_began()
    {
        var pair = BothStart();
        var sent = pair.Client.Sent.Count + pair.Headend.Sent.Count;

        Traffic(pair);
        pair.Do(pair.Headend, (engine, config, now) => engine.Initiate("outside", Ipv4.Parse("10.2.0.7"), Ipv4.Parse("10.1.0.5"), config, now));

        Assert.Equal(sent, pair.Client.Sent.Count + pair.Headend.Sent.Count);
        Assert.Single(pair.Client.Sa.Children);
    }
}
