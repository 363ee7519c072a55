using AsaEmu.Crypto.Ike;
using static AsaEmu.Crypto.Tests.Ike.SiteToSiteTests;

namespace AsaEmu.Crypto.Tests.Ike;

/// <summary>
/// A site's IPsec SAs carry the <c>vpn-filter</c> of its L2L tunnel-group's default-group-policy, as on
/// the ASA, whichever end began phase 1 and whichever began the Quick Mode.
/// </summary>
public class SiteVpnFilterTests
{
    private const string Filter = """

        access-list VF extended permit icmp any any
        group-policy L2L internal
        group-policy L2L attributes
         vpn-filter value VF
         vpn-idle-timeout none
        """;

    private static string WithFilter(string peer) => Filter + $"\ntunnel-group {peer} general-attributes\n default-group-policy L2L";

    [Fact]
    public void Every_sa_of_a_site_carries_its_group_policys_vpn_filter_at_both_ends_and_through_a_rekey_by_the_phase_1_responder()
    {
        const string Lifetime = "\ncrypto map MAP 10 set security-association lifetime seconds 3600 kilobytes 10000";
        var pair = Traffic(EnginePair.Sites(Site("198.18.0.2", "10.1.0.1", "10.1.0.0", "10.2.0.0", "198.18.0.1", extra: WithFilter("198.18.0.1") + Lifetime),
            Site("198.18.0.1", "10.2.0.1", "10.2.0.0", "10.1.0.0", "198.18.0.2", extra: WithFilter("198.18.0.2") + Lifetime)));
        // The phase-1 initiator's SA comes from its Quick Mode initiator, the responder's from its Quick Mode responder.
        Assert.Equal("VF", Assert.Single(pair.Client.Installed).VpnFilter);
        Assert.Equal("VF", Assert.Single(pair.Headend.Installed).VpnFilter);

        // The phase-1 responder's kilobytes run out: it begins the rekey, and the phase-1 initiator answers it.
        var old = pair.Headend.Sa.Children[0];
        pair.Headend.Engine.NoteUsage(pair.Headend.Sa.CookieI, old.InboundSpi, new ChildSaUsage(9600 * 1024L, 0), pair.Now);
        pair.At(pair.Now + TimeSpan.FromSeconds(1));

        Assert.Equal(2, pair.Client.Installed.Count);
        Assert.Equal(2, pair.Headend.Installed.Count);
        Assert.All(pair.Client.Installed.Concat(pair.Headend.Installed), c => Assert.Equal("VF", c.VpnFilter));
        Assert.All(pair.Client.Receiving, c => Assert.Equal("VF", c.VpnFilter));
    }

    [Fact]
    public void A_site_whose_group_policy_has_no_vpn_filter_filters_nothing()
    {
        var pair = Traffic(EnginePair.Sites(SiteA, SiteB));

        Assert.Null(Assert.Single(pair.Client.Installed).VpnFilter);
        Assert.Null(Assert.Single(pair.Headend.Installed).VpnFilter);
    }
}
