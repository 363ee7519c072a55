using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using static AsaEmu.ConfigModel.Tests.AccessListCommandTests;

namespace AsaEmu.ConfigModel.Tests;

public class RouteCommandTests
{
    private const string Interfaces = "interface GigabitEthernet0/0\n nameif outside\n ip address 203.0.113.1 255.255.255.0\n"
        + "interface GigabitEthernet0/1\n nameif inside\n ip address 192.168.1.1 255.255.255.0\n";

    private static LoadResult WithInterfaces(string text) => ConfigLoader.Load(text, start: Load(Interfaces).Config);

    [Fact]
    public void Route_is_shown_with_its_metric_even_when_default()
    {
        var result = WithInterfaces("ro outside 0.0.0.0 0.0.0.0 203.0.113.254\nroute inside 10.0.0.0 255.0.0.0 192.168.1.254 5 track 7\n"
            + "route inside 10.0.0.0 255.0.0.0 192.168.1.254 256\n");

        Assert.Equal("ERROR: % Invalid input detected at '^' marker.", Assert.Single(result.Diagnostics).Message);
        Assert.Equal(["route outside 0.0.0.0 0.0.0.0 203.0.113.254 1", "route inside 10.0.0.0 255.0.0.0 192.168.1.254 5 track 7"],
            Lines(result.Config, "route "));
    }

    [Fact]
    public void A_lone_zero_stands_for_0_0_0_0()
    {
        var result = WithInterfaces("route outside 0 0 203.0.113.254\n");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["route outside 0.0.0.0 0.0.0.0 203.0.113.254 1"], Lines(result.Config, "route "));
    }

    [Fact]
    public void Tunneled_default_route_is_kept()
    {
        var result = WithInterfaces("route outside 0.0.0.0 0.0.0.0 203.0.113.253 tunneled\n");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["route outside 0.0.0.0 0.0.0.0 203.0.113.253 1 tunneled"], Lines(result.Config, "route "));
    }

    [Fact]
    public void Unknown_nameif_is_refused()
    {
        var result = WithInterfaces("route dmz 10.0.0.0 255.0.0.0 192.168.1.254\n");

        Assert.Equal("ERROR: Interface name \"dmz\" not found", Assert.Single(result.Diagnostics).Message);
        Assert.Empty(result.Config.All<StaticRoute>());
    }

    [Fact]
    public void Duplicate_route_warns_and_host_bits_are_refused()
    {
        var result = WithInterfaces("route outside 0.0.0.0 0.0.0.0 203.0.113.254 1\nroute outside 0.0.0.0 0.0.0.0 203.0.113.254\n"
            + "route inside 10.1.1.1 255.255.255.0 192.168.1.254\n");

        Assert.Equal(["WARNING: Route already exists", "ERROR: IP address,mask <10.1.1.1,255.255.255.0> doesn't pair"],
            result.Diagnostics.Select(d => d.Message));
        Assert.Single(result.Config.All<StaticRoute>());
    }

    [Fact]
    public void No_route_removes_it()
    {
        var config = WithInterfaces("route outside 0.0.0.0 0.0.0.0 203.0.113.254 1\nroute inside 10.0.0.0 255.0.0.0 192.168.1.254\n").Config;

        var result = ConfigLoader.Load("no route outside 0.0.0.0 0.0.0.0 203.0.113.254 1\n", start: config);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["route inside 10.0.0.0 255.0.0.0 192.168.1.254 1"], Lines(result.Config, "route "));
        var missing = ConfigLoader.Load("no route outside 0.0.0.0 0.0.0.0 203.0.113.254\n", start: result.Config);
        Assert.StartsWith("ERROR: ", Assert.Single(missing.Diagnostics).Message);
    }

    [Fact]
    public void Lookup_takes_the_longest_prefix_then_the_lowest_metric()
    {
        var config = WithInterfaces("route outside 0.0.0.0 0.0.0.0 203.0.113.254\nroute inside 10.0.0.0 255.0.0.0 192.168.1.254 5\n"
            + "route inside 10.1.0.0 255.255.0.0 192.168.1.253 9\nroute outside 10.1.0.0 255.255.0.0 203.0.113.253 2\n").Config;

        Assert.Equal(Ipv4.Parse("203.0.113.253"), RouteCommands.Lookup(config, Ipv4.Parse("10.1.2.3"))!.Gateway);
        Assert.Equal(Ipv4.Parse("192.168.1.254"), RouteCommands.Lookup(config, Ipv4.Parse("10.2.0.1"))!.Gateway);
        Assert.Equal("outside", RouteCommands.Lookup(config, Ipv4.Parse("8.8.8.8"))!.NameIf);
        Assert.Null(RouteCommands.Lookup(Load("").Config, Ipv4.Parse("8.8.8.8")));
    }

    [Theory]
    [InlineData("mockdevices__sample_asa.cfg")]
    [InlineData("batfish__asa-static-route.cfg")]
    public void Captured_routes_re_render_byte_for_byte(string file)
    {
        var text = Fixture(file);
        var result = Load(text);

        Assert.Empty(result.Diagnostics.Where(d => d.Line.StartsWith("route ", StringComparison.Ordinal)));
        Assert.Equal(ConfigLoader.SplitLines(text).Where(l => l.StartsWith("route ", StringComparison.Ordinal)), Lines(result.Config, "route "));
    }
}
