using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using static AsaEmu.Crypto.Tests.Ike.SiteToSiteTests;

namespace AsaEmu.Crypto.Tests.Ike;

/// <summary>
/// The options of a site's crypto map entry as the engine applies them: backup peers tried in order,
/// <c>set connection-type</c>, <c>set nat-t-disable</c>, <c>set inheritance</c> and <c>set pfs</c> in
/// both roles. Site A (198.18.0.2, 10.1.0.0/24) starts; site B (198.18.0.1, 10.2.0.0/24) answers.
/// </summary>
public class SiteMapOptionsTests
{
    private static string A(string extra = "") => Site("198.18.0.2", "10.1.0.1", "10.1.0.0", "10.2.0.0", "198.18.0.1", extra: extra);
    private static string B(string extra = "") => Site("198.18.0.1", "10.2.0.1", "10.2.0.0", "10.1.0.0", "198.18.0.2", extra: extra);

    [Fact]
    public void A_peer_that_does_not_answer_gives_way_to_the_next_of_the_set_peer_list()
    {
        var pair = EnginePair.Sites(A("""

            crypto map MAP 10 set peer 198.18.0.9 198.18.0.1
            tunnel-group 198.18.0.9 type ipsec-l2l
            tunnel-group 198.18.0.9 ipsec-attributes
             ikev1 pre-shared-key s3cret
            """), B());

        Traffic(pair);
        Assert.Equal("198.18.0.9", pair.Client.Sa.Peer.Address.ToString());
        Assert.Empty(pair.Client.Installed);

        pair.At(EnginePair.Start + IkeEngine.NegotiationTimeout);

        Assert.Contains(pair.Client.Events, e => e.Text == "Phase 1 negotiation with peer 198.18.0.9 timed out, trying backup peer 198.18.0.1");
        Assert.Equal("198.18.0.1", pair.Client.Sa.Peer.Address.ToString());
        Assert.Equal(IkeSaState.MmActive, pair.Client.Sa.State);
        Assert.Single(pair.Client.Installed);
        Assert.Single(pair.Headend.Installed);
        // More traffic finds the tunnel with the backup peer.
        var sent = pair.Client.Sent.Count;
        Traffic(pair);
        Assert.Equal(sent, pair.Client.Sent.Count);
    }

    [Fact]
    public void An_answer_only_entry_starts_nothing_and_answers_the_peer()
    {
        var pair = Traffic(EnginePair.Sites(A("crypto map MAP 10 set connection-type answer-only"), B()));

        Assert.Empty(pair.Client.Engine.Sas);
        Assert.Empty(pair.Client.Sent);

        pair.Do(pair.Headend, (engine, config, now) => engine.Initiate("outside", Ipv4.Parse("10.2.0.7"), Ipv4.Parse("10.1.0.5"), config, now));

        Assert.Equal(IkeRole.Responder, pair.Client.Sa.Role);
        Assert.Single(pair.Client.Installed);
    }

    [Fact]
    public void An_originate_only_entry_refuses_the_peers_new_quick_mode_and_starts_its_own()
    {
        var pair = Traffic(EnginePair.Sites(A(), B("crypto map MAP 10 set connection-type originate-only")));

        Assert.Empty(pair.Headend.Installed);
        Assert.Contains(pair.Headend.Events, e => e.Syslog?.Id == 713061);

        var fresh = EnginePair.Sites(A(), B("crypto map MAP 10 set connection-type originate-only"));
        fresh.Do(fresh.Headend, (engine, config, now) => engine.Initiate("outside", Ipv4.Parse("10.2.0.7"), Ipv4.Parse("10.1.0.5"), config, now));
        Assert.Single(fresh.Headend.Installed);
        Assert.Single(fresh.Client.Installed);
    }

    [Theory]
    [InlineData(false, false, true)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    public void Nat_t_is_offered_and_agreed_unless_an_entry_says_set_nat_t_disable(bool disableA, bool disableB, bool natT)
    {
        const string disable = "crypto map MAP 10 set nat-t-disable";
        var pair = Traffic(EnginePair.Sites(A(disableA ? disable : ""), B(disableB ? disable : "")));

        Assert.Equal(natT, pair.Client.Sa.NatT is not null);
        Assert.Equal(natT, pair.Headend.Sa.NatT is not null);
        Assert.Single(pair.Client.Installed);
    }

    [Fact]
    public void With_inheritance_data_each_host_pair_gets_its_own_sa()
    {
        var pair = Traffic(EnginePair.Sites(A("crypto map MAP 10 set inheritance data"), B()));
        Traffic(pair, "10.1.0.6", "10.2.0.7");
        Traffic(pair, "10.1.0.5", "10.2.0.7");

        Assert.Equal(2, pair.Client.Installed.Count);
        Assert.Equal(2, pair.Headend.Installed.Count);
        var host = Ipv4.HostMask;
        Assert.Equal(new ProxyPair(Ipv4.Parse("10.1.0.5"), host, Ipv4.Parse("10.2.0.7"), host), pair.Client.Installed[0].Proxies);
        Assert.Equal(new ProxyPair(Ipv4.Parse("10.1.0.6"), host, Ipv4.Parse("10.2.0.7"), host), pair.Client.Installed[1].Proxies);
        Assert.Contains(pair.Client.Events, e => e.Syslog?.Id == 713041 && e.Text.StartsWith("IKE Initiator: New Phase 2, Intf outside", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("crypto map MAP 10 set pfs group14", "crypto map MAP 10 set pfs group5", false)]
    [InlineData("", "crypto map MAP 10 set pfs group14", false)]
    [InlineData("crypto map MAP 10 set pfs group14", "", true)]
    [InlineData("crypto map MAP 10 set pfs", "crypto map MAP 10 set pfs group2", true)]
    public void Pfs_must_agree_with_the_responders_entry(string pfsA, string pfsB, bool up)
    {
        var pair = Traffic(EnginePair.Sites(A(pfsA), B(pfsB)));

        Assert.Equal(up ? 1 : 0, pair.Client.Installed.Count);
        Assert.Equal(up ? 1 : 0, pair.Headend.Installed.Count);
        if (!up) Assert.Contains(pair.Headend.Events, e => e.Text == "All IPSec SA proposals found unacceptable!");
        else Assert.Equal(pair.Client.Installed[0].PfsGroup, pair.Headend.Installed[0].PfsGroup);
    }
}
