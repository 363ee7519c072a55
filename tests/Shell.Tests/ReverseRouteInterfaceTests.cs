using System.Net;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.Crypto.Ike;
using AsaEmu.Crypto.Keying;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Dataplane.Ike;
using AsaEmu.Shell.Cli.Commands;
using AsaEmu.Shell.Hosting;

namespace AsaEmu.Shell.Tests;

/// <summary>The <c>V</c> routes of <c>show route</c> name the interface that holds the SA's local address (reference §3.6).</summary>
public sealed class ReverseRouteInterfaceTests
{
    private static ChildSa Child(string local, string client, bool reverseRoute = true) =>
        new AsaEmu.TestKit.Ike.SaBuilder { Local = local, Peer = "198.51.100.7", Remote = client, ReverseRoute = reverseRoute, CryptoMap = "DYN", Sequence = 10 }.Build();

    [Fact]
    public void Each_route_is_on_the_interface_of_its_sas_local_address()
    {
        var load = ConfigLoader.Load("interface GigabitEthernet0/0\n nameif outside\n security-level 0\n ip address 203.0.113.1 255.255.255.0\n" +
            "interface GigabitEthernet0/3\n nameif isp2\n security-level 0\n ip address 198.18.0.1 255.255.255.0\n");
        Assert.Equal(0, load.Errors);
        var view = new IkeSaView("198.51.100.7", 4500, "198.18.0.1", IkeSaState.AmActive, "EZ", "cisco", "aes", "SHA", "preshared",
            86400, 86400, Ipv4.Parse("10.10.10.1"), "POOL", true, DateTimeOffset.UtcNow,
            [Child("198.18.0.1", "10.10.10.1"), Child("203.0.113.1", "10.10.10.2"), Child("203.0.113.1", "10.10.10.3", reverseRoute: false)]);

        var routes = IkeVpnState.Routes(new IkeStatus([view], new IkeStatistics()), load.Config).ToList();

        Assert.Equal(
        [
            new VpnRoute(Ipv4.Parse("10.10.10.1"), Ipv4.HostMask, "isp2"),
            new VpnRoute(Ipv4.Parse("10.10.10.2"), Ipv4.HostMask, "outside"),
        ], routes);
        // A host route's "connected by VPN" goes on a line of its own (ShowCommandTests).
        var lines = ShowNetworkCommands.Route(load.Config, routes).ToList();
        Assert.Equal("           connected by VPN (advertised), isp2", lines[lines.IndexOf("V        10.10.10.1 255.255.255.255 ") + 1]);
    }
}
