using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using static AsaEmu.ConfigModel.Tests.AccessListCommandTests;

namespace AsaEmu.ConfigModel.Tests;

public class PoolCommandTests
{
    [Fact]
    public void Pool_is_shown_as_a_range_with_its_mask_and_found_by_name()
    {
        var result = Load("ip loc pool POOL 10.10.10.1-10.10.10.254 ma 255.255.255.0\nip local pool ONE 10.20.0.1\n");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["ip local pool POOL 10.10.10.1-10.10.10.254 mask 255.255.255.0", "ip local pool ONE 10.20.0.1-10.20.0.1"],
            Lines(result.Config, "ip local pool"));
        var pool = PoolCommands.Find(result.Config, "POOL")!;
        Assert.Equal(254, pool.Count);
        Assert.True(pool.Contains(Ipv4.Parse("10.10.10.7")));
        Assert.Equal(Ipv4.Parse("255.255.255.0"), pool.Mask);
        Assert.Null(PoolCommands.Find(result.Config, "NONE"));
        Assert.Equal(["10.20.0.1"], PoolCommands.Find(result.Config, "ONE")!.Addresses.Select(a => a.ToString()));
        Assert.Equal("10.10.10.254", pool.Addresses.Last().ToString());
    }

    [Fact]
    public void Overlapping_pools_are_refused()
    {
        var config = Load("ip local pool A 10.0.0.10-10.0.0.20\n").Config;

        var result = ConfigLoader.Load("ip local pool B 10.0.0.20-10.0.0.30\n", start: config);

        Assert.Equal("ERROR: IP local pool B overlaps with pool A", Assert.Single(result.Diagnostics).Message);
        Assert.False(PoolCommands.Exists(result.Config, "B"));
    }

    [Fact]
    public void Reversed_or_malformed_ranges_are_refused()
    {
        var result = Load("ip local pool A 10.0.0.20-10.0.0.10\nip local pool B 10.0.0.300-10.0.0.310\nip local pool C 10.0.0.1-\n");

        Assert.Equal(["ERROR: Invalid address range 10.0.0.20-10.0.0.10", "ERROR: % Invalid input detected at '^' marker.",
            "ERROR: % Invalid input detected at '^' marker."], result.Diagnostics.Select(d => d.Message));
        Assert.Empty(result.Config.All<IpLocalPool>());
    }

    [Fact]
    public void Same_pool_again_is_accepted_and_a_changed_one_refused_until_removed()
    {
        var config = Load("ip local pool A 10.0.0.1-10.0.0.9\n").Config;

        Assert.Empty(ConfigLoader.Load("ip local pool A 10.0.0.1-10.0.0.9\n", start: config).Diagnostics);
        var changed = ConfigLoader.Load("ip local pool A 10.0.0.1-10.0.0.19\n", start: config);
        Assert.Equal("ERROR: IP local pool A already exists", Assert.Single(changed.Diagnostics).Message);

        var replaced = ConfigLoader.Load("no ip local pool A\nip local pool A 10.0.0.1-10.0.0.19\n", start: config);
        Assert.Empty(replaced.Diagnostics);
        Assert.Equal(Ipv4.Parse("10.0.0.19"), PoolCommands.Find(replaced.Config, "A")!.Last);
    }
}
