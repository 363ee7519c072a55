using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Rendering;

namespace AsaEmu.ConfigModel.Tests;

public class InterfaceCommandTests
{
    [Fact]
    public void Unindented_sub_mode_lines_belong_to_the_interface_and_render_indented()
    {
        var result = ConfigLoader.Load("interface gi0/0\nnameif outside\nsecurity-level 0\nip address 10.48.67.14 255.255.254.0\n speed 100\n");

        var outside = result.Config.Get<Interface>("GigabitEthernet0/0");
        Assert.NotNull(outside);
        Assert.Equal("outside", outside.NameIf);
        Assert.Equal(
            // speed prints where the ASA puts it, before nameif (as an ASAv prints duplex: the mockdevices config), wherever it was typed.
            ["!", "interface GigabitEthernet0/0", " speed 100", " nameif outside", " security-level 0", " ip address 10.48.67.14 255.255.254.0 ", "!"],
            RunningConfigRenderer.Body(result.Config, unmasked: false).SkipWhile(l => !l.StartsWith('!')).Take(7));
    }

    [Fact]
    public void Nameif_inside_defaults_to_security_100_with_the_asa_notice()
    {
        var result = ConfigLoader.Load("interface GigabitEthernet0/1\n nameif inside\n");

        Assert.Equal(100, result.Config.Get<Interface>("GigabitEthernet0/1")!.SecurityLevel);
        Assert.Contains(result.Diagnostics, d => d.Message == "INFO: Security level for \"inside\" set to 100 by default.");
    }

    [Fact]
    public void Mtu_lines_follow_interfaces_in_interface_order()
    {
        var result = ConfigLoader.Load("interface G0/1\n nameif inside\ninterface G0/0\n nameif outside\nmtu outside 1400\n");

        var body = RunningConfigRenderer.Body(result.Config, unmasked: false);
        Assert.Equal(["mtu inside 1500", "mtu outside 1400"], body.Where(l => l.StartsWith("mtu ")));
    }
}
