using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;

namespace AsaEmu.ConfigModel.Tests;

/// <summary>Which <c>ssh</c>/<c>telnet</c> lines let a source in on which interface.</summary>
public class ManagementAccessQueriesTests
{
    private static readonly AsaConfig Config = ConfigLoader.Load("""
        interface GigabitEthernet0/0
         nameif outside
         ip address 203.0.113.1 255.255.255.0
        interface GigabitEthernet0/1
         nameif inside
         ip address 192.168.1.1 255.255.255.0
        interface GigabitEthernet0/2
         nameif dhcp-side
         ip address dhcp
        ssh 198.51.100.0 255.255.255.0 outside
        ssh 192.168.1.0 255.255.255.0 inside
        telnet 192.168.1.7 255.255.255.255 inside
        """).Config;

    [Theory]
    [InlineData("203.0.113.1", "outside")]
    [InlineData("192.168.1.1", "inside")]
    [InlineData("192.168.1.2", null)]
    [InlineData("127.0.0.1", null)]
    public void The_interface_with_an_address_is_found_by_its_own_address_only(string address, string? nameIf) =>
        Assert.Equal(nameIf, Config.NameIfWithAddress(Ipv4.Parse(address)));

    [Theory]
    [InlineData("ssh", "outside", "198.51.100.9", true)]
    [InlineData("ssh", "inside", "198.51.100.9", false)]   // the outside line does not open inside
    [InlineData("ssh", "inside", "192.168.1.50", true)]
    [InlineData("telnet", "inside", "192.168.1.50", false)] // ssh lines do not open telnet
    [InlineData("telnet", "inside", "192.168.1.7", true)]
    [InlineData("telnet", "outside", "192.168.1.7", false)] // an interface without telnet lines admits nobody
    public void Only_lines_of_that_protocol_and_interface_permit_a_source(string protocol, string nameIf, string source, bool permitted) =>
        Assert.Equal(permitted, Config.ManagementAccessPermitting(protocol, nameIf, Ipv4.Parse(source)).Any());
}
