using AsaEmu.Crypto.Ike;
using static AsaEmu.Crypto.Tests.Ike.SiteToSiteTests;

namespace AsaEmu.Crypto.Tests.Ike;

/// <summary>
/// Dead peer detection on a site's tunnel, this end the IKE initiator (RFC 3706, the tunnel-group's
/// <c>isakmp keepalive threshold T retry R</c>): R-U-THERE after T quiet seconds, then every R; a peer
/// that never answers is declared dead and the tunnel removed with the ASA's messages; with
/// <c>isakmp keepalive disable</c> nothing is asked, and the peer's R-U-THERE is still answered.
/// </summary>
public class SiteDpdTests
{
    private static EnginePair Up(string groupA) =>
        Traffic(EnginePair.Sites(Site("198.18.0.2", "10.1.0.1", "10.1.0.0", "10.2.0.0", "198.18.0.1", extra: groupA), SiteB));

    private static int RUTheres(EnginePair.Side side) =>
        side.Events.Count(e => e.Text.StartsWith("Sending keep-alive of type DPD R-U-THERE (", StringComparison.Ordinal));

    [Fact]
    public void A_silent_peer_gets_r_u_there_every_retry_seconds_and_is_then_declared_dead()
    {
        var pair = Up("\ntunnel-group 198.18.0.1 ipsec-attributes\n isakmp keepalive threshold 15 retry 3");
        var child = Assert.Single(pair.Client.Sa.Children);
        pair.Drop = (side, _) => side == pair.Headend;

        pair.At(EnginePair.Start + TimeSpan.FromSeconds(14));
        Assert.Equal(0, RUTheres(pair.Client));
        pair.At(EnginePair.Start + TimeSpan.FromSeconds(15));
        Assert.Equal(1, RUTheres(pair.Client));
        for (var t = 18; t <= 30 && pair.Client.Engine.Sas.Count > 0; t += 3) pair.At(EnginePair.Start + TimeSpan.FromSeconds(t));

        Assert.Equal(IkeEngine.DpdMaxRetries, RUTheres(pair.Client));
        Assert.Empty(pair.Client.Engine.Sas);
        Assert.Equal(child.InboundSpi, Assert.Single(pair.Client.Removed).InboundSpi);
        var texts = pair.Client.Events.Where(e => e.Syslog is not null).Select(e => (e.Syslog!.Value.Id, e.Text)).ToList();
        Assert.Contains((713123, "IKE lost contact with remote peer, deleting connection (keepalive type: DPD)"), texts);
        Assert.Contains((713050, "Connection terminated for peer 198.18.0.1.  Reason: Lost Service  Remote Proxy 10.2.0.0, Local Proxy 10.1.0.0"), texts);
        Assert.Contains((713259, "Session is being torn down. Reason: Lost Service"), texts);
        Assert.Contains(texts, t => t.Id == 602304 && t.Text.StartsWith("IPSEC: An outbound LAN-to-LAN SA", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Id == 113019 && t.Text.StartsWith("Session disconnected. Session Type: LAN-to-LAN,", StringComparison.Ordinal)
            && t.Text.EndsWith("Reason: Lost Service", StringComparison.Ordinal));
    }

    [Fact]
    public void An_answering_peer_keeps_the_tunnel_up()
    {
        var pair = Up("\ntunnel-group 198.18.0.1 ipsec-attributes\n isakmp keepalive threshold 15 retry 3");

        for (var t = 15; t <= 120; t += 15) pair.At(EnginePair.Start + TimeSpan.FromSeconds(t));

        Assert.True(RUTheres(pair.Client) > 0);
        Assert.Contains(pair.Client.Events, e => e.Text.StartsWith("Received keep-alive of type DPD R-U-THERE-ACK", StringComparison.Ordinal));
        Assert.Single(pair.Client.Sa.Children);
    }

    [Fact]
    public void With_keepalive_disabled_nothing_is_asked_and_the_peers_r_u_there_is_answered()
    {
        var pair = Up("\ntunnel-group 198.18.0.1 ipsec-attributes\n isakmp keepalive disable");

        for (var t = 10; t <= 600; t += 10) pair.At(EnginePair.Start + TimeSpan.FromSeconds(t));

        Assert.Contains(pair.Client.Events, e => e.Text == "Keep-alive type for this connection: None");
        Assert.Equal(0, RUTheres(pair.Client));
        Assert.Contains(pair.Client.Events, e => e.Text.StartsWith("Sending keep-alive of type DPD R-U-THERE-ACK", StringComparison.Ordinal));
        Assert.Single(pair.Client.Sa.Children);
    }
}
