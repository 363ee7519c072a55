using System.Net;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Ikev2;
using AsaEmu.Crypto.Tests.Ike;

namespace AsaEmu.Crypto.Tests.Ikev2;

/// <summary>
/// IKEv2 fragmentation (RFC 7383) between two engines back to back: with <c>crypto ikev2 fragmentation mtu 200</c>
/// at both sites, IKE_AUTH crosses in fragments both ways and the tunnel comes up as unfragmented; with
/// <c>no crypto ikev2 fragmentation</c> at one end neither announces it and nothing is fragmented; a lost
/// fragment brings the whole message again; a fragment without the agreement is dropped and counted.
/// </summary>
public class Ikev2FragmentationExchangeTests
{
    private const int Mtu = 200;

    private static readonly string SiteA = Ikev2ExchangeTests.Site("198.18.0.2", "10.1.0.0", "10.2.0.0", "198.18.0.1", localKey: "a-key", remoteKey: "b-key",
        extra: $"crypto ikev2 fragmentation mtu {Mtu}");

    private static readonly string SiteB = Ikev2ExchangeTests.Site("198.18.0.1", "10.2.0.0", "10.1.0.0", "198.18.0.2", localKey: "b-key", remoteKey: "a-key",
        extra: $"crypto ikev2 fragmentation mtu {Mtu}");

    private static Ikev2Header HeaderOf(IkeDatagram d)
    {
        Assert.True(Ikev2Header.TryRead(d.Data.Span, out var header));
        return header;
    }

    private static List<IkeDatagram> Of(EnginePair.Side side, Ikev2Exchange exchange, bool response) =>
        [.. side.Sent.Where(d => HeaderOf(d) is var h && h.Exchange == exchange && h.IsResponse == response)];

    private static bool AnnouncesFragmentation(IkeDatagram init) =>
        Ikev2Codec.TryDecode(init.Data, out var message, out _) && message!.Payloads.OfType<Ikev2NotifyPayload>().Any(n => n.NotifyType == Ikev2NotifyTypes.FragmentationSupported);

    private static Ikev2FragmentStatistics Fragments(EnginePair.Side side) => side.Engine.Ikev2Statistics.Fragments;

    [Fact]
    public void With_a_small_mtu_ike_auth_crosses_in_fragments_both_ways_and_the_tunnel_comes_up()
    {
        var pair = SiteToSiteTests.Traffic(EnginePair.Sites(SiteA, SiteB));

        var childA = Assert.Single(pair.Client.Installed);
        var childB = Assert.Single(pair.Headend.Installed);
        Assert.Equal((childA.InboundSpi, childA.OutboundSpi), (childB.OutboundSpi, childB.InboundSpi));
        Assert.Equal(childA.Keys.Outbound.EncryptionKey, childB.Keys.Inbound.EncryptionKey);
        Assert.True(AnnouncesFragmentation(Assert.Single(Of(pair.Client, Ikev2Exchange.IkeSaInit, response: false))));
        Assert.True(AnnouncesFragmentation(Assert.Single(Of(pair.Headend, Ikev2Exchange.IkeSaInit, response: true))));
        Assert.Equal((Mtu, Mtu), (Assert.Single(pair.Client.Engine.Ikev2Sas).FragmentMtu, Assert.Single(pair.Headend.Engine.Ikev2Sas).FragmentMtu));
        var request = Of(pair.Client, Ikev2Exchange.IkeAuth, response: false);
        var response = Of(pair.Headend, Ikev2Exchange.IkeAuth, response: true);
        Assert.True(request.Count > 1 && response.Count > 1, $"{request.Count} and {response.Count} datagrams");
        // Each fragment fits the MTU with the IPv4 and UDP headers (port 500: no NAT, no marker).
        Assert.All(request.Concat(response), d => Assert.True(d.Data.Length <= Mtu - 20 - 8, $"{d.Data.Length} octets"));
        foreach (var (sender, receiver, sent) in new[] { (pair.Client, pair.Headend, request), (pair.Headend, pair.Client, response) })
        {
            Assert.Equal((1L, (long)sent.Count), (Fragments(sender).MessagesFragmented, Fragments(sender).OutFragments));
            Assert.Equal((1L, (long)sent.Count, 0L), (Fragments(receiver).MessagesReassembled, Fragments(receiver).InFragments, Fragments(receiver).InDropFragments));
            Assert.Contains(sender.Events, e => e.Text.Contains($"Fragmenting packet, Fragment MTU: {Mtu}, Number of fragments: {sent.Count}, Fragment ID: 1", StringComparison.Ordinal));
            Assert.Contains(receiver.Events, e => e.Text.Contains($"Received fragment {sent.Count} of {sent.Count}, Fragment ID: 1, all fragments received", StringComparison.Ordinal));
        }
        Assert.Contains(("In Drop Fragments:", 0L), pair.Client.Engine.Ikev2Statistics.Rows(1, ikev2: true));
        Assert.DoesNotContain(pair.Client.Engine.Ikev2Statistics.Rows(1), r => r.Label.Contains("Fragments", StringComparison.Ordinal));
    }

    [Fact]
    public void At_the_smallest_mtu_the_asa_takes_the_tunnel_still_comes_up_and_goes_down_at_both_ends()
    {
        var pair = SiteToSiteTests.Traffic(EnginePair.Sites(SiteA.Replace($"mtu {Mtu}", "mtu 68", StringComparison.Ordinal),
            SiteB.Replace($"mtu {Mtu}", "mtu 68", StringComparison.Ordinal)));

        Assert.Single(pair.Client.Installed);
        Assert.True(Of(pair.Client, Ikev2Exchange.IkeAuth, response: false).Count > 1);

        pair.Do(pair.Client, (engine, config, now) => engine.ClearIkev2(config, now, _ => true));

        Assert.Empty(pair.Client.Engine.Ikev2Sas);
        Assert.Empty(pair.Headend.Engine.Ikev2Sas);
        Assert.Equal(pair.Headend.Installed, pair.Headend.Removed);
    }

    [Fact]
    public void With_no_crypto_ikev2_fragmentation_at_one_end_neither_fragments_whatever_the_mtu()
    {
        var pair = SiteToSiteTests.Traffic(EnginePair.Sites(SiteA, SiteB + "\nno crypto ikev2 fragmentation"));

        Assert.Single(pair.Client.Installed);
        Assert.True(AnnouncesFragmentation(Of(pair.Client, Ikev2Exchange.IkeSaInit, response: false)[0]));
        Assert.False(AnnouncesFragmentation(Of(pair.Headend, Ikev2Exchange.IkeSaInit, response: true)[0]));
        Assert.Null(Assert.Single(pair.Client.Engine.Ikev2Sas).FragmentMtu);
        var request = Assert.Single(Of(pair.Client, Ikev2Exchange.IkeAuth, response: false));
        Assert.True(request.Data.Length > Mtu - 28);
        Assert.Single(Of(pair.Headend, Ikev2Exchange.IkeAuth, response: true));
        Assert.Equal(0, Fragments(pair.Client).OutFragments + Fragments(pair.Headend).OutFragments);
    }

    [Fact]
    public void A_lost_fragment_brings_the_whole_request_again_and_its_first_fragment_alone_the_whole_response()
    {
        var pair = EnginePair.Sites(SiteA, SiteB);
        var dropped = 0;
        // The first fragment of B's IKE_AUTH response is lost once: A never completes it.
        pair.Drop = (side, d) => side == pair.Headend && HeaderOf(d) is { Exchange: Ikev2Exchange.IkeAuth, IsResponse: true } && dropped++ == 0;
        SiteToSiteTests.Traffic(pair);
        Assert.Empty(pair.Client.Installed);
        var requests = Of(pair.Client, Ikev2Exchange.IkeAuth, response: false).Count;
        var responses = Of(pair.Headend, Ikev2Exchange.IkeAuth, response: true);

        pair.At(pair.Now + TaskManager.FirstRetransmit);

        Assert.Single(pair.Client.Installed);
        Assert.Single(pair.Headend.Installed);
        // §2.1: all the request's fragments again; RFC 7383 §2.6.1: the response again for the first of them only.
        Assert.Equal(2 * requests, Of(pair.Client, Ikev2Exchange.IkeAuth, response: false).Count);
        var again = Of(pair.Headend, Ikev2Exchange.IkeAuth, response: true);
        Assert.Equal(2 * responses.Count, again.Count);
        Assert.Equal(responses.Select(d => Convert.ToHexString(d.Data.Span)), again.Skip(responses.Count).Select(d => Convert.ToHexString(d.Data.Span)));
        Assert.Equal(1, Fragments(pair.Client).MessagesReassembled);
    }

    [Fact]
    public void A_fragment_of_a_peer_that_did_not_agree_to_fragmentation_is_dropped_and_counted()
    {
        var pair = SiteToSiteTests.Traffic(EnginePair.Sites(SiteA, SiteB + "\nno crypto ikev2 fragmentation"));
        var a = Assert.Single(pair.Client.Engine.Ikev2Sas);
        var b = Assert.Single(pair.Headend.Engine.Ikev2Sas);
        var header = new Ikev2Header(a.SpiI, a.SpiR, Ikev2PayloadType.None, Ikev2Header.Version2, Ikev2Exchange.Informational, Ikev2Flags.Initiator,
            b.Exchanges.ExpectedRequestId, 0);
        var fragment = a.Outbound!.SealFragment(header, Ikev2PayloadType.Notify, 1, 2, new byte[40], new SeededRandom(4));

        var outputs = pair.Headend.Engine.Receive(new IkeDatagram(EnginePair.Headend500, EnginePair.Client500, fragment), pair.Headend.Config, pair.Now);

        Assert.Empty(outputs.Datagrams);
        Assert.Equal((1L, 1L), (Fragments(pair.Headend).Unexpected, Fragments(pair.Headend).InDropFragments));
        Assert.Equal(0, b.Reassembly.Held);
    }

    [Fact]
    public void A_fragmented_request_is_answered_once_whole_and_a_forged_whole_message_does_not_end_its_fragments_kept()
    {
        var pair = SiteToSiteTests.Traffic(EnginePair.Sites(SiteA, SiteB));
        var a = Assert.Single(pair.Client.Engine.Ikev2Sas);
        var b = Assert.Single(pair.Headend.Engine.Ikev2Sas);
        var header = new Ikev2Header(a.SpiI, a.SpiR, Ikev2PayloadType.None, Ikev2Header.Version2, Ikev2Exchange.Informational, Ikev2Flags.Initiator,
            b.Exchanges.ExpectedRequestId, 0);
        var fragments = Ikev2Fragmenter.Seal(a.Outbound!, header, [new Ikev2VendorIdPayload(new byte[400])], 150, new SeededRandom(4));
        IkeOutputs Receive(byte[] datagram) => pair.Headend.Engine.Receive(new IkeDatagram(EnginePair.Headend500, EnginePair.Client500, datagram), pair.Headend.Config, pair.Now);

        Assert.Empty(Receive(fragments[0]).Datagrams);
        var held = b.Reassembly.Held;
        Assert.True(held > 0);
        Assert.Empty(Receive(Ikev2Encoder.Encode(header, [new Ikev2EncryptedPayload(Ikev2PayloadType.Notify, new byte[80])])).Datagrams);
        Assert.Equal(held, b.Reassembly.Held);

        var answers = fragments.Skip(1).Select(f => Receive(f).Datagrams.Count).ToList();

        Assert.Equal([.. Enumerable.Repeat(0, fragments.Count - 2), 1], answers);
        Assert.Equal(0, b.Reassembly.Held);
        Assert.Equal(1, pair.Headend.Engine.Ikev2Statistics.DecryptFails);
    }
}
