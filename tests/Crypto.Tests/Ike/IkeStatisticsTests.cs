using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;

namespace AsaEmu.Crypto.Tests.Ike;

/// <summary>
/// The counters of <c>show crypto isakmp stats</c> (CISCO-IPSEC-FLOW-MONITOR-MIB's cikeGlobal* objects)
/// move with what the engines really exchange: what one end counts out, the other counts in.
/// </summary>
public class IkeStatisticsTests
{
    [Fact]
    public void Phase_2_exchanges_notifys_and_deletes_are_counted_at_both_ends()
    {
        var pair = new EnginePair("crypto ipsec security-association lifetime seconds 600\n").Connect();
        var (headend, client) = (pair.Headend.Engine.Statistics, pair.Client.Engine.Statistics);

        // The client began phase 1 and its Quick Mode; the headend answered with RESPONDER-LIFETIME
        // notifies (the client offered longer lifetimes, phase 1 and 2).
        Assert.Equal((1L, 1L, 0L), (client.InitiatorTunnels, client.OutP2Exchanges, client.InP2Exchanges));
        Assert.Equal((0L, 0L, 1L), (headend.InitiatorTunnels, headend.OutP2Exchanges, headend.InP2Exchanges));
        Assert.Equal(2, headend.OutNotifys);
        Assert.Equal(headend.OutNotifys, client.InNotifys);

        // The headend rekeys at 95 %: a phase-2 exchange it starts, the client receives.
        var old = pair.Headend.Installed.Single();
        pair.At(old.Created.AddSeconds(570));
        Assert.Equal((1L, 1L), (headend.OutP2Exchanges, client.InP2Exchanges));

        // DPD: the headend's R-U-THERE and the client's R-U-THERE-ACK are notifys each way.
        var (outBefore, inBefore) = (headend.OutNotifys, client.OutNotifys);
        pair.At(pair.Now.AddSeconds(300));
        Assert.Equal(outBefore + 1, headend.OutNotifys);
        Assert.Equal(inBefore + 1, client.OutNotifys);
        Assert.Equal(headend.OutNotifys, client.InNotifys);
        Assert.Equal(client.OutNotifys, headend.InNotifys);

        // The administrator ends the session: a DELETE for each IPsec SA pair, counted out and in.
        var pairs = pair.Headend.Sa.Children.Count;
        pair.Do(pair.Headend, (engine, config, now) => engine.Clear(config, now, _ => true));
        Assert.True(pairs > 0);
        Assert.Equal(headend.OutP2SaDeleteRequests, client.InP2SaDeleteRequests);
        Assert.True(headend.OutP2SaDeleteRequests >= pairs);
        Assert.Equal((1L, 1L), (headend.PreviousTunnels, client.PreviousTunnels));
        // A session that ended after it was up is no failure at either end.
        Assert.Equal((0L, 0L, 0L, 0L), (headend.ResponderFails, headend.InitiatorFails, client.ResponderFails, client.InitiatorFails));
        Assert.Equal((0L, 0L), (headend.PreviousSiteSessions, client.PreviousSiteSessions));
        Assert.Equal((0L, 0L, 0L), (headend.HashValidFails, headend.InP2ExchangeRejects, client.OutP2ExchangeRejects));
    }

    [Fact]
    public void A_refused_quick_mode_is_a_reject_at_the_headend_and_at_the_client()
    {
        // The client offers only 3DES-MD5; the headend's transform set is AES-SHA.
        var profile = new RemoteAccessProfile(EnginePair.Client500, EnginePair.Headend500, "EZ", "cisco", "cisco", "cisco")
        {
            EspTransforms = [(EspKeySizes.Esp3Des, null, EspKeySizes.HmacMd5)],
        };
        var pair = new EnginePair(profile: profile).Connect();
        var (headend, client) = (pair.Headend.Engine.Statistics, pair.Client.Engine.Statistics);

        Assert.Empty(pair.Headend.Installed);
        Assert.Equal((1L, 1L), (headend.InP2Exchanges, headend.InP2ExchangeRejects));
        Assert.Equal(1, client.OutP2ExchangeRejects);
        Assert.True(headend.OutNotifys >= 1); // NO-PROPOSAL-CHOSEN
        Assert.Equal(headend.OutNotifys, client.InNotifys);
    }

    [Fact]
    public void A_hash_that_does_not_verify_is_a_hash_valid_fail_and_an_initiator_fail()
    {
        var pair = new EnginePair(profile: new RemoteAccessProfile(EnginePair.Client500, EnginePair.Headend500, "EZ", "wrong", "cisco", "cisco")).Connect();
        var client = pair.Client.Engine.Statistics;

        Assert.True(client.HashValidFails >= 1); // HASH_R of every AM2 the client got
        pair.At(EnginePair.Start + IkeEngine.NegotiationTimeout);
        Assert.Empty(pair.Client.Engine.Sas);
        Assert.Equal((1L, 1L, 0L), (client.InitiatorTunnels, client.InitiatorFails, client.ResponderFails));
        Assert.Equal(1, pair.Headend.Engine.Statistics.ResponderFails);
    }

    [Fact]
    public void The_rows_print_every_counter_in_the_asas_order()
    {
        var statistics = new IkeStatistics
        {
            InP2ExchangeInvalids = 1, InP2ExchangeRejects = 2, OutNotifys = 3, OutP2Exchanges = 4, OutP2ExchangeRejects = 5,
            OutP2SaDeleteRequests = 6, InitiatorTunnels = 7, InitiatorFails = 8, HashValidFails = 9,
        };
        var rows = statistics.Rows(0).ToDictionary(r => r.Label, r => r.Value);

        Assert.Equal(26, rows.Count);
        Assert.Equal((1L, 2L, 3L, 4L, 5L), (rows["In P2 Exchange Invalids:"], rows["In P2 Exchange Rejects:"], rows["Out Notifys:"],
            rows["Out P2 Exchanges:"], rows["Out P2 Exchange Rejects:"]));
        Assert.Equal((6L, 7L, 8L, 9L), (rows["Out P2 Sa Delete Requests:"], rows["Initiator Tunnels:"], rows["Initiator Fails:"], rows["Hash Valid Fails:"]));
    }
}
