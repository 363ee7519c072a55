using System.Net;
using System.Net.Sockets;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Events;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Ike;

namespace AsaEmu.Dataplane.Tests.Ike;

/// <summary>IKE listens where the config says, and follows config changes at once (on loopback, ephemeral ports).</summary>
public sealed class IkeServiceListenTests
{
    private const string Interfaces = """
        interface GigabitEthernet0/0
         nameif outside
         security-level 0
         ip address 127.0.0.1 255.0.0.0
        interface GigabitEthernet0/1
         nameif inside
         security-level 100
         ip address dhcp
        """;

    private static AsaConfig Load(string extra = "")
    {
        var result = ConfigLoader.Load(Interfaces + "\n" + extra);
        Assert.Equal(0, result.Errors);
        return result.Config;
    }

    private static bool InUse(IPEndPoint endPoint)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try { probe.Bind(endPoint); return false; }
        catch (SocketException) { return true; }
    }

    [Fact]
    public async Task Enabling_and_disabling_ikev1_on_an_interface_binds_and_closes_its_sockets()
    {
        var config = Load();
        var ike = new IkeService(() => config, NullEventSink.Instance, SystemRandom.Instance, TimeProvider.System);
        await using var _ = ike;
        var listening = new List<IPAddress>();
        ike.Listening += listening.Add;

        Assert.Empty(ike.Start(ikePort: 0, natTPort: 0));
        Assert.Empty(ike.Endpoints);

        config = Load("crypto ikev1 enable outside");
        Assert.Empty(ike.Reconcile());
        var (ikeAt, natTAt) = Assert.Single(ike.Endpoints);
        Assert.Equal(IPAddress.Loopback, ikeAt.Address);
        Assert.True(InUse(ikeAt) && InUse(natTAt));
        Assert.Equal([IPAddress.Loopback], listening);

        // A change elsewhere leaves the sockets as they are.
        config = Load("crypto ikev1 enable outside\nhostname other");
        Assert.Empty(ike.Reconcile());
        Assert.Equal((ikeAt, natTAt), Assert.Single(ike.Endpoints));

        config = Load();
        Assert.Empty(ike.Reconcile());
        Assert.Empty(ike.Endpoints);
        Assert.False(InUse(ikeAt) || InUse(natTAt));
    }

    [Fact]
    public async Task An_interface_without_a_static_address_is_said_once_while_it_lasts()
    {
        var config = Load("crypto ikev1 enable inside");
        var ike = new IkeService(() => config, NullEventSink.Instance, SystemRandom.Instance, TimeProvider.System);
        await using var _ = ike;

        Assert.Equal(["IKE: interface inside has no static address; not listening for it"], ike.Start(ikePort: 0, natTPort: 0));
        Assert.Empty(ike.Reconcile());

        config = Load();
        Assert.Empty(ike.Reconcile());
        config = Load("crypto ikev1 enable inside");
        Assert.Single(ike.Reconcile());
    }
}
