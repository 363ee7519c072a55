using System.Net;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;

namespace AsaEmu.ConfigModel.Tests;

/// <summary>Which interface is which, as IKE, SSH, capture and the show commands ask it.</summary>
public class InterfaceQueriesTests
{
    private static readonly AsaConfig Config = ConfigLoader.Load("""
        interface GigabitEthernet0/0
         nameif outside
         ip address 203.0.113.1 255.255.255.0
        interface GigabitEthernet0/1
         nameif inside
         ip address dhcp
        interface GigabitEthernet0/2
         ip address 192.0.2.1 255.255.255.0
        """).Config;

    [Fact]
    public void An_interface_is_found_by_its_nameif()
    {
        Assert.Equal("GigabitEthernet0/0", Config.InterfaceNamed("outside")?.Name);
        Assert.True(Config.InterfaceNamed("inside")?.Ip?.Learned);
        Assert.Null(Config.InterfaceNamed("dmz"));
    }

    [Theory]
    [InlineData("203.0.113.1", "outside")]
    [InlineData("::ffff:203.0.113.1", "outside")] // a dual-stack listener's view of an IPv4 client
    [InlineData("192.0.2.1", null)]               // an interface without a nameif holds no address for these
    [InlineData("2001:db8::1", null)]
    public void A_socket_address_names_the_interface_that_holds_it(string address, string? nameIf) =>
        Assert.Equal(nameIf, Config.NameIfWithAddress(IPAddress.Parse(address)));
}
