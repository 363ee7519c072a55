using System.Net;
using System.Net.Sockets;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Events;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Outside;
using AsaEmu.TestKit.Ike;

namespace AsaEmu.Dataplane.Tests.Outside;

/// <summary>IKE listens where the config says, and follows config changes at once (real sockets on loopback, ephemeral ports).</summary>
public sealed class OutsideListenerTests
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
        await using var stack = new IkeStack(() => config, SocketNetwork.Instance);
        var outside = stack.Outside;

        Assert.Empty(stack.Start());
        Assert.Empty(outside.Listening);
        Assert.Empty(outside.Endpoints.All);

        config = Load("crypto ikev1 enable outside");
        Assert.Empty(outside.Reconcile());
        var (ikeAt, natTAt) = Assert.Single(outside.Listening);
        Assert.Equal(IPAddress.Loopback, ikeAt.Address);
        Assert.True(InUse(ikeAt) && InUse(natTAt));
        Assert.Equal([OutsidePort.Ike, OutsidePort.NatT], outside.Endpoints.All.Select(e => e.Port));

        // A change elsewhere leaves the sockets as they are.
        config = Load("crypto ikev1 enable outside\nhostname other");
        Assert.Empty(outside.Reconcile());
        Assert.Equal((ikeAt, natTAt), Assert.Single(outside.Listening));

        config = Load();
        Assert.Empty(outside.Reconcile());
        Assert.Empty(outside.Listening);
        Assert.Empty(outside.Endpoints.All);
        Assert.False(InUse(ikeAt) || InUse(natTAt));
    }

    [Fact]
    public async Task An_interface_without_a_static_address_is_said_once_while_it_lasts()
    {
        var config = Load("crypto ikev1 enable inside");
        await using var stack = new IkeStack(() => config, SocketNetwork.Instance);

        Assert.Equal(["IKE: interface inside has no static address; not listening for it"], stack.Start());
        Assert.Empty(stack.Outside.Reconcile());

        config = Load();
        Assert.Empty(stack.Outside.Reconcile());
        config = Load("crypto ikev1 enable inside");
        Assert.Single(stack.Outside.Reconcile());
    }
}
