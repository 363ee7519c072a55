using System.Net;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Isakmp;
using static AsaEmu.Crypto.Tests.Ike.SiteToSiteTests;

namespace AsaEmu.Crypto.Tests.Ike;

/// <summary>
/// A site that negotiates in aggressive mode (a peer with a dynamic address, or an ASA with <c>set
/// ikev1 phase1-mode aggressive</c>): the ASA takes it as it takes one in main mode, the tunnel-group
/// named after the address in its ID and that group's pre-shared key, with no XAUTH or Mode Config,
/// and the Quick Mode for its networks follows. Site B (198.18.0.1, 10.2.0.0/24) answers a crafted
/// peer at 198.18.0.2 for 10.1.0.0/24.
/// </summary>
public class SiteAggressiveModeTests
{
    private static readonly IPEndPoint Server = new(IPAddress.Parse("198.18.0.1"), 500);
    private static readonly IPEndPoint Client = new(IPAddress.Parse("198.18.0.2"), 500);

    private static IkeDatagram Single(IkeOutputs outputs) => Assert.Single(outputs.Datagrams);

    private static IdPayload Subnet(byte third) => new(IdPayload.Ipv4Subnet, 0, 0, new byte[] { 10, third, 0, 0, 255, 255, 255, 0 });

    [Fact]
    public void An_aggressive_mode_peer_naming_itself_by_address_gets_its_sites_tunnel_group_and_quick_mode_for_its_networks()
    {
        var config = ConfigLoader.Load(SiteB).Config;
        var engine = new IkeEngine(new SeededRandom(1));
        var now = EnginePair.Start;
        var peer = new TestInitiator(new SeededRandom(2), "198.18.0.2", "s3cret", Client, Server);

        var am2 = engine.Receive(peer.Am1(authMethod: OakleyAttributes.PreSharedKey, dhGroup: 14, addressId: Client.Address), config, now);
        peer.TakeAm2(Single(am2)); // HASH_R verifies with the site's key
        Assert.Contains(am2.Events, e => e.Text == "Connection landed on tunnel_group 198.18.0.2");
        var afterAm3 = engine.Receive(peer.Am3(), config, now);

        var sa = Assert.Single(engine.Sas);
        Assert.Equal(IkeSaState.AmActive, sa.State);
        Assert.Equal("198.18.0.2", sa.TunnelGroup);
        Assert.True(LanToLanText.IsSite(config, sa));
        Assert.Contains(afterAm3.Events, e => e.Syslog?.Id == 713119);
        // No XAUTH request, no Mode Config (at most RESPONDER-LIFETIME): a site's Quick Mode comes next.
        Assert.All(afterAm3.Datagrams, d => Assert.Equal((byte)ExchangeType.Informational, d.Data.Span[18]));

        var qm2 = Single(engine.Receive(peer.Qm1(0x51de0001, [], IpsecAttributes.Tunnel, proxies: (Subnet(1), Subnet(2))), config, now));
        var (qm3, _, _, _) = peer.TakeQm2(qm2, 32, 20);
        var installed = engine.Receive(qm3, config, now);

        var child = Assert.Single(installed.Installed);
        Assert.Equal(new ProxyPair(Ipv4.Parse("10.2.0.0"), Ipv4.Parse("255.255.255.0"), Ipv4.Parse("10.1.0.0"), Ipv4.Parse("255.255.255.0")),
            child.Proxies);
        Assert.Contains(installed.Events, e => e.Syslog?.Id == 713049 && e.Text.Contains("LAN-to-LAN Group (198.18.0.2)", StringComparison.Ordinal));
    }

    /// <summary>
    /// Each Quick Mode answered gets its inbound SA in the dataplane at QM2; a peer that never sends QM3
    /// gets no more than <see cref="QuickModeResponder.MaxReceiving"/> of them, the oldest going first.
    /// </summary>
    [Fact]
    public void Quick_modes_without_qm3_hold_a_bounded_number_of_inbound_sas()
    {
        var config = ConfigLoader.Load(SiteB).Config;
        var engine = new IkeEngine(new SeededRandom(1));
        var peer = new TestInitiator(new SeededRandom(2), "198.18.0.2", "s3cret", Client, Server);
        peer.TakeAm2(Single(engine.Receive(peer.Am1(authMethod: OakleyAttributes.PreSharedKey, dhGroup: 14, addressId: Client.Address), config, EnginePair.Start)));
        engine.Receive(peer.Am3(), config, EnginePair.Start);

        var receiving = new List<ChildSa>();
        var removed = new List<ChildSa>();
        for (uint n = 0; n <= QuickModeResponder.MaxReceiving; n++)
        {
            var outputs = engine.Receive(peer.Qm1(0x51de0100 + n, [], IpsecAttributes.Tunnel, proxies: (Subnet(1), Subnet(2))), config, EnginePair.Start);
            receiving.AddRange(outputs.Receiving);
            removed.AddRange(outputs.Removed);
        }

        Assert.Equal(QuickModeResponder.MaxReceiving + 1, receiving.Count);
        Assert.Equal([receiving[0]], removed);
        Assert.Equal(receiving.Skip(1), Assert.Single(engine.Sas).Receiving);
    }

    [Fact]
    public void An_aggressive_mode_site_with_another_key_fails_at_am3_as_a_mismatched_pre_shared_key()
    {
        var config = ConfigLoader.Load(SiteB).Config;
        var engine = new IkeEngine(new SeededRandom(1));
        var peer = new TestInitiator(new SeededRandom(2), "198.18.0.2", "wrong", Client, Server);

        var am2 = engine.Receive(peer.Am1(authMethod: OakleyAttributes.PreSharedKey, dhGroup: 14, addressId: Client.Address), config, EnginePair.Start);
        peer.TakeAm2(Single(am2), checkHash: false);
        Assert.False(peer.HashRValid);
        var outputs = engine.Receive(peer.Am3(), config, EnginePair.Start);

        // AM3, encrypted with keys derived from the other key, does not open: the ASA's mismatched-key error,
        // counted, and the SA goes (reference §2.8).
        Assert.Contains(outputs.Events, e => e.Text == "ERROR, had problems decrypting packet, probably due to mismatched pre-shared key.  Aborting");
        Assert.Equal(1, engine.Statistics.DecryptFails);
        Assert.Empty(engine.Sas);
        Assert.DoesNotContain(outputs.Events, e => e.Syslog?.Id == 713119);
    }
}
