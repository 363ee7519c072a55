using System.Net;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.Crypto.Events;
using AsaEmu.Crypto.Ike;

namespace AsaEmu.Crypto.Tests.Ike;

/// <summary>Two engines back to back in process: an EzVPN client (this engine as initiator) against the headend.</summary>
public class TwoEngineTests
{
    private static readonly IPEndPoint Server500 = new(IPAddress.Parse("198.18.0.1"), 500);
    private static readonly IPEndPoint Client500 = new(IPAddress.Parse("198.18.0.2"), 500);
    private static readonly DateTimeOffset Now = AggressiveModeExchangeTests.Now;

    [Fact]
    public void An_ezvpn_client_engine_gets_through_aggressive_mode_xauth_mode_config_and_quick_mode()
    {
        var headendConfig = AggressiveModeExchangeTests.Load();
        var clientConfig = ConfigLoader.Load("").Config;
        var headend = new IkeEngine(new SeededRandom(1));
        var client = new IkeEngine(new SeededRandom(2));
        var profile = new RemoteAccessProfile(Client500, Server500, "EZ", "cisco", "cisco", "cisco");

        var toHeadend = new Queue<IkeDatagram>(client.Connect(profile, clientConfig, Now).Datagrams);
        var installedAtHeadend = new List<ChildSa>();
        var installedAtClient = new List<ChildSa>();
        var toClient = new Queue<IkeDatagram>();
        for (var step = 0; step < 50 && (toHeadend.Count > 0 || toClient.Count > 0); step++)
        {
            if (toHeadend.TryDequeue(out var up))
            {
                var o = headend.Receive(up with { Local = up.Remote, Remote = up.Local }, headendConfig, Now);
                installedAtHeadend.AddRange(o.Installed);
                foreach (var d in o.Datagrams) toClient.Enqueue(d);
            }
            if (toClient.TryDequeue(out var down))
            {
                var o = client.Receive(down with { Local = down.Remote, Remote = down.Local }, clientConfig, Now);
                installedAtClient.AddRange(o.Installed);
                foreach (var d in o.Datagrams) toHeadend.Enqueue(d);
            }
        }

        var serverSide = Assert.Single(installedAtHeadend);
        var clientSide = Assert.Single(installedAtClient);
        Assert.Equal(serverSide.InboundSpi, clientSide.OutboundSpi);
        Assert.Equal(serverSide.OutboundSpi, clientSide.InboundSpi);
        Assert.Equal(serverSide.Keys.Inbound.EncryptionKey, clientSide.Keys.Outbound.EncryptionKey);
        Assert.Equal(serverSide.Keys.Outbound.IntegrityKey, clientSide.Keys.Inbound.IntegrityKey);
        Assert.True(Assert.Single(headend.Sas).Established);
        Assert.True(Assert.Single(client.Sas).Established);
        Assert.Equal(serverSide.RemoteAddress, client.Sas.Single().AssignedAddress);
    }
}
