using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Shell.DefaultConfig;

namespace AsaEmu.Shell.Tests;

public class DefaultConfigTests
{
    [Fact]
    public void The_built_in_startup_config_loads_without_errors_or_warnings()
    {
        var result = ConfigLoader.Load(DefaultStartupConfig.Text);

        Assert.Empty(result.Diagnostics.Where(d => d.Severity != ConfigModel.Commands.Severity.Info));
        Assert.Equal(0, result.Errors);
    }

    [Fact]
    public void The_built_in_startup_config_is_a_ciscoasa_with_inside_and_outside()
    {
        var config = ConfigLoader.Load(DefaultStartupConfig.Text).Config;

        Assert.Equal("ciscoasa", config.Get<Hostname>()!.Name);
        var inside = config.Get<Interface>("GigabitEthernet0/1")!;
        Assert.Equal("inside", inside.NameIf);
        Assert.Equal("192.168.1.1", inside.Ip!.Address.ToString());
        Assert.Equal("outside", config.Get<Interface>("GigabitEthernet0/0")!.NameIf);
        Assert.True(config.Get<AaaAuthentication>("ssh")!.IsLocal);
        Assert.Single(config.All<ManagementAccess>(), a => a.Protocol == "ssh" && a.Interface == "outside");
    }
}
