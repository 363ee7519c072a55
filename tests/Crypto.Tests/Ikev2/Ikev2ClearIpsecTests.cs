using AsaEmu.Crypto.Ikev2;
using AsaEmu.Crypto.Tests.Ike;

namespace AsaEmu.Crypto.Tests.Ikev2;

/// <summary><c>clear crypto ipsec sa</c> over IKEv2, two engines back to back: the Child SAs go at both ends, the IKE SA stays and carries the next one.</summary>
public class Ikev2ClearIpsecTests
{
    [Fact]
    public void Clearing_the_ipsec_sas_deletes_the_child_sas_at_both_ends_and_the_next_traffic_asks_for_one_over_the_same_ike_sa()
    {
        var pair = SiteToSiteTests.Traffic(EnginePair.Sites(Ikev2ExchangeTests.SiteA, Ikev2ExchangeTests.SiteB));
        var (a, b) = (Assert.Single(pair.Client.Engine.Ikev2Sas), Assert.Single(pair.Headend.Engine.Ikev2Sas));
        var (oldA, oldB) = (Assert.Single(a.Children), Assert.Single(b.Children));

        pair.Do(pair.Client, (engine, config, now) => engine.ClearIkev2ChildSas(config, now, _ => true));

        Assert.Empty(a.Children);
        Assert.Empty(b.Children);
        Assert.Equal([oldA], pair.Client.Removed);
        Assert.Equal([oldB], pair.Headend.Removed);
        Assert.Equal((Ikev2SaState.Ready, Ikev2SaState.Ready), (a.State, b.State));
        Assert.DoesNotContain(pair.Client.Events, e => e.Syslog?.Id == 750007);

        SiteToSiteTests.Traffic(pair);

        Assert.Same(a, Assert.Single(pair.Client.Engine.Ikev2Sas));
        var again = Assert.Single(a.Children);
        Assert.NotEqual(oldA.InboundSpi, again.InboundSpi);
        Assert.Single(b.Children);
    }

    [Fact]
    public void Only_the_chosen_peers_child_sas_go()
    {
        var pair = SiteToSiteTests.Traffic(EnginePair.Sites(Ikev2ExchangeTests.SiteA, Ikev2ExchangeTests.SiteB));

        pair.Do(pair.Client, (engine, config, now) => engine.ClearIkev2ChildSas(config, now, sa => sa.Peer.Address.ToString() == "198.18.0.99"));

        Assert.Single(Assert.Single(pair.Client.Engine.Ikev2Sas).Children);
        Assert.Empty(pair.Client.Removed);
    }
}
