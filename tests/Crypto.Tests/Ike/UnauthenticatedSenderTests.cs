using System.Net;
using AsaEmu.Crypto.Events;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Isakmp;

namespace AsaEmu.Crypto.Tests.Ike;

/// <summary>
/// Someone on the path sees an SA's cookies and can send from any address: nothing it sends may
/// move the SA's addresses, keep it alive or reset its DPD count until the message's HASH proved
/// it came from the peer, and a copy of a real message proves nothing new.
/// </summary>
public class UnauthenticatedSenderTests
{
    private static readonly DateTimeOffset Up = AggressiveModeExchangeTests.Now;
    private static readonly IPEndPoint Elsewhere = new(IPAddress.Parse("198.18.7.66"), 4500);

    /// <summary>A datagram with the SA's cookies and an encrypted informational body the sender could not make right.</summary>
    private static IkeDatagram Forged(TestInitiator client, IPEndPoint from)
    {
        var header = new IsakmpHeader(client.CookieI, client.CookieR, PayloadType.Hash, IsakmpHeader.Version1, ExchangeType.Informational,
            IsakmpFlags.Encryption, 0x1234abcd, IsakmpHeader.Size + 64);
        var data = new byte[IsakmpHeader.Size + 64];
        header.Write(data);
        new Random(7).NextBytes(data.AsSpan(IsakmpHeader.Size));
        return new IkeDatagram(client.Server, from, data);
    }

    private static IkeDatagram RuThere(TestInitiator client, uint messageId, byte sequence) =>
        client.Informational(messageId, [new NotifyPayload(1, OakleyAttributes.ProtocolIsakmp, client.Cookies(), NotifyTypes.RUThere, new byte[] { 0, 0, 0, sequence })]);

    [Fact]
    public void A_forged_message_with_the_cookies_moves_nothing_and_gets_no_answer()
    {
        var (engine, client, _) = AggressiveModeExchangeTests.SessionWithClient();
        var sa = engine.Sas.Single();
        var (peer, heard) = (sa.Peer, sa.LastHeard);

        var outputs = engine.Receive(Forged(client, Elsewhere), AggressiveModeExchangeTests.Load(), Up.AddSeconds(100));

        Assert.Empty(outputs.Datagrams);
        Assert.Equal((peer, heard), (sa.Peer, sa.LastHeard));
    }

    [Fact]
    public void A_silent_peer_is_declared_dead_although_forged_messages_keep_coming()
    {
        var (engine, client, _) = AggressiveModeExchangeTests.SessionWithClient();
        var config = AggressiveModeExchangeTests.Load();
        var peer = engine.Sas.Single().Peer;

        // isakmp keepalive threshold 300 retry 2: R-U-THERE at 300 s, one every 2 s after, dead after five.
        IkeOutputs? last = null;
        for (var retry = 0; retry <= IkeEngine.DpdMaxRetries; retry++)
        {
            var at = Up.AddSeconds(300 + 2 * retry);
            engine.Receive(Forged(client, Elsewhere), config, at.AddSeconds(-1));
            last = engine.Tick(config, at);
            Assert.All(last.Datagrams, d => Assert.Equal(peer, d.Remote));
        }
        Assert.Contains(last!.Events, e => e.Syslog == new SyslogId(713123, 3));
        Assert.Empty(engine.Sas);
    }

    [Fact]
    public void A_copy_of_a_real_message_sent_from_elsewhere_moves_nothing_and_its_answer_goes_to_the_peer()
    {
        var (engine, client, _) = AggressiveModeExchangeTests.SessionWithClient();
        var config = AggressiveModeExchangeTests.Load();
        var sa = engine.Sas.Single();
        var real = RuThere(client, 0x0a80655d, 7);
        Assert.Equal(client.Client, Assert.Single(engine.Receive(real, config, Up.AddSeconds(10)).Datagrams).Remote);

        // The silent client's old R-U-THERE, replayed from another address while our own DPD waits for an answer.
        var rUThere = engine.Tick(config, Up.AddSeconds(320));
        Assert.Single(rUThere.Datagrams);
        var replayed = engine.Receive(real with { Remote = Elsewhere }, config, Up.AddSeconds(321));

        Assert.All(replayed.Datagrams, d => Assert.Equal(client.Client, d.Remote));
        Assert.Equal((client.Client, Up.AddSeconds(10), 1), (sa.Peer, sa.LastHeard, sa.DpdOutstanding));
    }

    [Fact]
    public void A_new_real_message_from_a_new_port_moves_the_sa_there()
    {
        var (engine, client, _) = AggressiveModeExchangeTests.SessionWithClient();
        var sa = engine.Sas.Single();
        var rebound = new IPEndPoint(client.Client.Address, 31337); // the client's NAT gave it another port
        client.Client = rebound;

        var ack = Assert.Single(engine.Receive(RuThere(client, 0x0a80655e, 8), AggressiveModeExchangeTests.Load(), Up.AddSeconds(10)).Datagrams);

        Assert.Equal(rebound, ack.Remote);
        Assert.Equal((rebound, Up.AddSeconds(10)), (sa.Peer, sa.LastHeard));
    }
}
