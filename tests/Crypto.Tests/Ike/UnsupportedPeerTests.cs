using System.Net;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Tests.Ike;

/// <summary>Peers refused at their first message are told so (NO-PROPOSAL-CHOSEN in the clear) and leave nothing behind.</summary>
public class UnsupportedPeerTests
{
    private static readonly IPEndPoint Server = new(IPAddress.Parse("198.18.0.1"), 500);
    private static readonly IPEndPoint Client = new(IPAddress.Parse("198.18.0.2"), 500);

    private static NotifyPayload RefusalOf(IkeOutputs outputs)
    {
        var datagram = Assert.Single(outputs.Datagrams);
        Assert.True(IsakmpCodec.TryDecode(datagram.Data, out var message, out _));
        Assert.Equal(ExchangeType.Informational, message!.Header.Exchange);
        Assert.False(message.Header.Encrypted);
        return Assert.IsType<NotifyPayload>(Assert.Single(message.Payloads));
    }

    [Fact]
    public void A_main_mode_peer_whose_proposal_fits_no_policy_for_its_group_gets_no_proposal_chosen()
    {
        // The site's tunnel-group takes plain pre-shared keys; the peer offers XAUTH.
        var config = ConfigLoader.Load("tunnel-group 198.18.0.2 type ipsec-l2l\n", start: AggressiveModeExchangeTests.Load()).Config;
        var engine = new IkeEngine(new SeededRandom(1));
        var am1 = new TestInitiator(new SeededRandom(2), "EZ", "cisco", Client, Server).Am1();
        var mm1 = am1.Data.ToArray();
        mm1[18] = (byte)ExchangeType.IdentityProtection;

        var outputs = engine.Receive(am1 with { Data = mm1 }, config, AggressiveModeExchangeTests.Now);

        Assert.Equal(NotifyTypes.NoProposalChosen, RefusalOf(outputs).MessageType);
        var refusal = Assert.Single(outputs.Events, e => e.Text == "All SA proposals found unacceptable");
        Assert.Contains(refusal.ConfigRefs, r => r.Text == "crypto ikev1 policy 10");
        Assert.Contains(outputs.Events, e => e.Text == "Error processing payload: Payload ID: 1");
        Assert.Empty(engine.Sas);
    }
}
