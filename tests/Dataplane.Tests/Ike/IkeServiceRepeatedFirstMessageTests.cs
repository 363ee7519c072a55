using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.Crypto.Events;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Isakmp;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Ike;

namespace AsaEmu.Dataplane.Tests.Ike;

/// <summary>
/// The service on loopback, fed every first message twice at once (as a flood that mimics a waiting
/// client does): each negotiation gets its Diffie-Hellman work done once and its AM2 out; no result is lost.
/// </summary>
public sealed class IkeServiceRepeatedFirstMessageTests
{
    private const string Config = """
        interface GigabitEthernet0/0
         nameif outside
         security-level 0
         ip address 127.0.0.1 255.0.0.0
        crypto ikev1 enable outside
        crypto ikev1 policy 10
         authentication pre-share
         encryption aes
         hash sha
         group 2
         lifetime 86400
        tunnel-group EZ type remote-access
        tunnel-group EZ ipsec-attributes
         ikev1 pre-shared-key cisco
        """;

    private const int Negotiations = 64;

    [Fact]
    public async Task Every_doubled_first_message_gets_one_am2_and_no_negotiation_waits_for_a_lost_dh_result()
    {
        var load = ConfigLoader.Load(Config);
        Assert.Equal(0, load.Errors);
        var ike = new IkeService(() => load.Config, NullEventSink.Instance, SystemRandom.Instance, TimeProvider.System);
        await using var _ = ike;
        Assert.Empty(ike.Start(ikePort: 0, natTPort: 0));
        var (server, _) = Assert.Single(ike.Endpoints);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        var cookies = new HashSet<ulong>();
        foreach (var (cookie, am1) in FirstMessages(Negotiations))
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

    /// <summary>Aggressive mode first messages from group EZ offering AES/SHA/group 2 with XAUTH, each with its own cookie.</summary>
    private static IEnumerable<(ulong Cookie, byte[] Datagram)> FirstMessages(int count)
    {
        var ke = DhGroup.Modp1024.CreateKeyPair(SystemRandom.Instance).PublicValue.ToArray();
        var sa = new SaPayload(1, 1, [new Proposal(1, OakleyAttributes.ProtocolIsakmp, ReadOnlyMemory<byte>.Empty,
            [new Transform(1, OakleyAttributes.KeyIke,
            [
                DataAttribute.Basic(OakleyAttributes.KeyLength, 128),
                DataAttribute.Basic(OakleyAttributes.EncryptionAlgorithm, OakleyAttributes.AesCbc),
                DataAttribute.Basic(OakleyAttributes.HashAlgorithm, OakleyAttributes.Sha),
                DataAttribute.Basic(OakleyAttributes.GroupDescription, 2),
                DataAttribute.Basic(OakleyAttributes.AuthenticationMethod, OakleyAttributes.XauthInitPreShared),
            ])])]);
        var nonce = new byte[20];
        for (var i = 0; i < count; i++)
        {
            var cookie = 0x4000_0000_0000_0001UL + ((ulong)i << 8);
            BinaryPrimitives.WriteInt32BigEndian(nonce, i);
            List<Payload> payloads = [sa, new KePayload(ke), new DataPayload(PayloadType.Nonce, nonce.ToArray()), new IdPayload(IdPayload.KeyId, 17, 500, Encoding.ASCII.GetBytes("EZ"))];
            yield return (cookie, IsakmpEncoder.Encode(new IsakmpHeader(cookie, 0, 0, IsakmpHeader.Version1, ExchangeType.Aggressive, 0, 0, 0), payloads));
        }
    }
}
