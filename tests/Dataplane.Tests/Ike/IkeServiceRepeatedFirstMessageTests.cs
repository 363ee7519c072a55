using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.Crypto.Events;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Isakmp;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Outside;
using AsaEmu.TestKit.Ike;

namespace AsaEmu.Dataplane.Tests.Ike;

/// <summary>
/// The service on loopback, fed every first message twice at once (as a flood that mimics a waiting
/// client does): each negotiation gets its Diffie-Hellman work done once and its AM2 out; no result is lost.
/// </summary>
public sealed class IkeServiceRepeatedFirstMessageTests
{
    private const int Negotiations = 64;

    [Fact]
    public async Task Every_doubled_first_message_gets_one_am2_and_no_negotiation_waits_for_a_lost_dh_result()
    {
        var load = ConfigLoader.Load(FirstMessages.HeadendConfig());
        Assert.Equal(0, load.Errors);
        await using var stack = new IkeStack(() => load.Config, SocketNetwork.Instance);
        var ike = stack.Ike;
        Assert.Empty(stack.Start());
        var (server, _) = Assert.Single(stack.Outside.Listening);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        var cookies = new HashSet<ulong>();
        foreach (var (cookie, am1) in FirstMessages.Aggressive(Negotiations))
        {
            cookies.Add(cookie);
            client.SendTo(am1, server);
            client.SendTo(am1, server);
        }

        // An AM2 per negotiation (a repeat that arrives after it may have it resent; that is no new work).
        var answered = new HashSet<ulong>();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (answered.Count < Negotiations)
        {
            var received = await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            Assert.True(IsakmpHeader.TryRead(buffer.AsSpan(0, received), out var header));
            Assert.Equal(ExchangeType.Aggressive, header.Exchange);
            Assert.Contains(header.InitiatorCookie, cookies);
            answered.Add(header.InitiatorCookie);
        }

        // Read on the control loop itself: every negotiation waits for AM3, none for a DH result, none was shed.
        Assert.Equal(Negotiations, await ike.ClearAsync(sa => sa.State == IkeSaState.AmWaitMsg3, ipsecOnly: true));
        Assert.Equal(0, await ike.ClearAsync(sa => sa.State == IkeSaState.AmWaitDh, ipsecOnly: true));
    }
}
