using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;

namespace AsaEmu.ConfigModel.Tests;

/// <summary>What a crypto map's static entries say about sites: which entry and ACL entry traffic takes, what a peer may propose, what is routed.</summary>
public class CryptoAclQueryTests
{
    private static readonly AsaConfig Config = ConfigLoader.Load("""
        interface GigabitEthernet0/0
         nameif outside
         ip address 198.18.0.2 255.255.255.0
        access-list EXEMPT extended deny ip 10.1.0.0 255.255.255.0 10.2.5.0 255.255.255.0
        access-list EXEMPT extended permit ip 10.1.0.0 255.255.255.0 10.2.0.0 255.255.0.0
        access-list TWO extended permit ip host 10.1.0.9 10.4.0.0 255.255.255.0
        access-list TWO extended permit tcp 10.1.0.0 255.255.255.0 10.5.0.0 255.255.255.0 eq https
        crypto ipsec ikev1 transform-set TS esp-aes esp-sha-hmac
        crypto map MAP 10 match address EXEMPT
        crypto map MAP 10 set peer 198.18.0.1
        crypto map MAP 10 set ikev1 transform-set TS
        crypto map MAP 20 match address TWO
        crypto map MAP 20 set peer 198.18.0.7
        crypto map MAP 20 set ikev1 transform-set TS
        crypto map MAP interface outside
        """).Config;

    private static Ipv4 A(string text) => Ipv4.Parse(text);

    [Fact]
    public void Traffic_takes_the_first_entry_whose_acl_permits_it_and_a_deny_exempts_it_from_that_entry()
    {
        var site = Config.SiteEntryFor("outside", A("10.1.0.5"), A("10.2.7.7"));
        Assert.Equal((10, new ProxyPair(A("10.1.0.0"), A("255.255.255.0"), A("10.2.0.0"), A("255.255.0.0"))), (site!.Entry.Sequence, site.Proxies));
        Assert.Null(Config.SiteEntryFor("outside", A("10.1.0.5"), A("10.2.5.7"))); // the deny comes first
        Assert.Equal(20, Config.SiteEntryFor("outside", A("10.1.0.9"), A("10.4.0.1"))!.Entry.Sequence);
        Assert.Null(Config.SiteEntryFor("outside", A("10.1.0.8"), A("10.4.0.1"))); // host 10.1.0.9 only
        Assert.Null(Config.SiteEntryFor("inside", A("10.1.0.5"), A("10.2.7.7")));
    }

    [Fact]
    public void A_peer_may_propose_its_mirror_of_an_acl_entry_or_a_subset_of_it_and_nothing_wider()
    {
        var exact = new ProxyPair(A("10.1.0.0"), A("255.255.255.0"), A("10.2.0.0"), A("255.255.0.0"));
        var subset = new ProxyPair(A("10.1.0.0"), A("255.255.255.128"), A("10.2.3.0"), A("255.255.255.0"));
        var wider = new ProxyPair(A("10.1.0.0"), A("255.255.0.0"), A("10.2.0.0"), A("255.255.0.0"));

        Assert.NotNull(Config.SiteEntryForPeer("outside", "198.18.0.1", exact));
        Assert.NotNull(Config.SiteEntryForPeer("outside", "198.18.0.1", subset));
        Assert.Null(Config.SiteEntryForPeer("outside", "198.18.0.1", wider));
        Assert.Null(Config.SiteEntryForPeer("outside", "198.18.0.7", exact)); // not this entry's peer
    }

    [Fact]
    public void The_networks_routed_to_the_sites_are_the_permitted_destinations_of_the_static_entries()
    {
        Assert.Equal([(A("10.2.0.0"), A("255.255.0.0")), (A("10.4.0.0"), A("255.255.255.0"))], Config.SiteNetworks());
    }
}
