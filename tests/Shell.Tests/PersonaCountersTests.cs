using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Keying;
using AsaEmu.Dataplane.Forwarding;
using AsaEmu.Dataplane.Ike;
using AsaEmu.Shell.Cli.Commands;
using AsaEmu.Shell.Tests.Fakes;
using AsaEmu.TestKit.Outside;

namespace AsaEmu.Shell.Tests;

/// <summary>
/// The figures of show interface, show crypto ipsec stats and show asp drop come from the dataplane's
/// own counters: packets the ESP path encrypted, dropped for an unknown SPI or with no SA, and they
/// outlive the SA pair that counted them.
/// </summary>
public sealed class PersonaCountersTests : IAsyncDisposable
{
    private readonly NullTun _sink = new();
    private readonly EspDataplane _dataplane;
    private readonly AsaConfig _config;

    public PersonaCountersTests()
    {
        _config = ConfigLoader.Load(ShowHarness.VpnConfig).Config;
        var config = _config;
        _dataplane = new EspDataplane(_sink, DiscardEndpoint.Table("203.0.113.1").Endpoints, null, SystemRandom.Instance) { Config = () => config };
    }

    public ValueTask DisposeAsync() => _dataplane.DisposeAsync();

    private static byte[] Packet(int length, string destination)
    {
        var packet = new byte[length];
        packet[0] = 0x45;
        packet[2] = (byte)(length >> 8);
        packet[3] = (byte)length;
        packet[8] = 64;
        packet[9] = 17;
        Ipv4.Parse("192.168.1.2").ToBytes().CopyTo(packet, 12);
        Ipv4.Parse(destination).ToBytes().CopyTo(packet, 16);
        return packet;
    }

    private TrafficView View() => new(IkeStatus.Empty, DataplaneTotals.Of(_dataplane));

    [Fact]
    public void Traffic_through_an_sa_shows_on_the_interfaces_and_in_the_stats_after_the_sa_is_gone()
    {
        var child = PersonaShowTests.Child();
        _dataplane.Install(child);
        var output = new byte[4096];
        _dataplane.SendToOutside(Packet(1000, "10.10.10.1"), output);
        _dataplane.SendToOutside(Packet(500, "10.10.10.1"), output);
        _dataplane.SendToOutside(Packet(100, "10.10.10.77"), output); // no SA holds this address
        _dataplane.ReceiveFromOutside(new byte[] { 0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 }, 0, 16); // an SPI nobody has
        _dataplane.Remove(child);

        var view = View();
        Assert.Equal(0, view.Esp.Installed);
        Assert.Equal(1, view.Esp.Removed);
        var outside = ShowInterfaceCommands.Lines(_config, [_config.Get<Interface>("GigabitEthernet0/0")!], "stats", view).ToList();
        Assert.Contains("\t2 packets output, 1500 bytes", outside);
        Assert.Contains("\t1 packets dropped", outside);
        var inside = ShowInterfaceCommands.Lines(_config, [_config.Get<Interface>("GigabitEthernet0/1")!], "stats", view).ToList();
        Assert.Contains("\t3 packets input, 1500 bytes", inside);

        var stats = ShowCryptoStatisticsCommands.IpsecStats(view).ToList();
        Assert.Contains("Previous tunnels: 1", stats);
        Assert.Contains("    Bytes: 1500", stats);
        Assert.Contains("    Encryptions: 2", stats);
        Assert.Contains("Missing SA failures: 2", stats);
        Assert.Contains("Outbound SA destroy calls: 1", stats);

        var drops = ShowCryptoStatisticsCommands.AspDrop(ShowCryptoStatisticsCommands.Drops(view), new ShowCryptoStatisticsCommands.AspBaseline(), false, false).ToList();
        Assert.Contains("  Invalid SPI (np-sp-invalid-spi)                                              1", drops);
        Assert.Contains("  Need to start IKE negotiation (need-ike)                                     1", drops);
    }
}
