using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using static AsaEmu.ConfigModel.Tests.AccessListCommandTests;

namespace AsaEmu.ConfigModel.Tests;

public class NetworkObjectCommandTests
{
    /// <summary>Each <c>object network</c> stanza of a config text: its head and one-space lines.</summary>
    private static List<string> Stanzas(IEnumerable<string> lines)
    {
        var result = new List<string>();
        var inside = false;
        foreach (var line in lines)
        {
            if (line.StartsWith("object network ", StringComparison.Ordinal)) { inside = true; result.Add(line); }
            else if (inside && line.StartsWith(' ')) result.Add(line);
            else inside = false;
        }
        return result;
    }

    [Fact]
    public void Objects_render_with_one_space_lines_and_definition_before_description()
    {
        var result = Load("object network LAN\nsubnet 192.168.1.0 255.255.255.0\nobject net WEB\n desc web server\n ho 10.0.0.5\n"
            + "object network R\n range 10.0.0.10 10.0.0.20\nobject network F\n fqdn v4 www.example.com\n");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(
        [
            "object network LAN", " subnet 192.168.1.0 255.255.255.0",
            "object network WEB", " host 10.0.0.5", " description web server",
            "object network R", " range 10.0.0.10 10.0.0.20",
            "object network F", " fqdn v4 www.example.com",
        ], Stanzas(Body(result.Config)));
        Assert.Equal((Ipv4.Parse("192.168.1.0"), Ipv4.Parse("255.255.255.0")),
            NetworkObjectCommands.Find(result.Config, "LAN")!.Value!.Ipv4Network);
        Assert.True(NetworkObjectCommands.Exists(result.Config, "WEB"));
    }

    [Fact]
    public void A_new_definition_replaces_the_old_one()
    {
        var result = Load("object network X\n host 10.0.0.1\n subnet 10.0.0.0 255.255.255.0\n");

        Assert.Equal(["object network X", " subnet 10.0.0.0 255.255.255.0"], Stanzas(Body(result.Config)));
    }

    [Fact]
    public void Ipv6_definitions_are_kept_as_written()
    {
        var result = Load("object network A\n host 2001:db8:0000:4202::4:4\nobject network B\n subnet 2001:db8::/64\nobject network C\n range fd00:: fd00::ffff\n");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["object network A", " host 2001:db8:0000:4202::4:4", "object network B", " subnet 2001:db8::/64",
            "object network C", " range fd00:: fd00::ffff"], Stanzas(Body(result.Config)));
    }

    [Fact]
    public void Object_nat_is_shown_in_a_second_stanza_in_the_nat_section_typed_or_loaded()
    {
        var config = Load("object network WEB\n host 10.0.0.5\n nat (inside,outside) static 203.0.113.5\n").Config;
        var typed = ConfigLoader.Load("object network WEB2\nhost 10.0.0.6\nnat (inside,outside) dynamic interface\n"
            + "access-list A extended permit ip any any\n", start: config);

        Assert.Empty(typed.Diagnostics);
        var body = Body(typed.Config);
        Assert.Equal(["object network WEB", " host 10.0.0.5", "object network WEB2", " host 10.0.0.6",
            "access-list A extended permit ip any any",
            "object network WEB", " nat (inside,outside) static 203.0.113.5",
            "object network WEB2", " nat (inside,outside) dynamic interface"],
            body.Where(l => l.StartsWith("object network", StringComparison.Ordinal) || l.StartsWith(' ') || l.StartsWith("access-list", StringComparison.Ordinal))
                .SkipWhile(l => !l.StartsWith("object", StringComparison.Ordinal)));
        Assert.Equal("nat (inside,outside) dynamic interface", NetworkObjectCommands.NatRule(typed.Config, "WEB2"));
    }

    [Fact]
    public void A_new_nat_rule_replaces_the_old_one_and_no_nat_removes_it()
    {
        var config = Load("object network WEB\n host 10.0.0.5\n nat (inside,outside) static 203.0.113.5\n nat (inside,outside) dynamic interface\n").Config;

        Assert.Equal("nat (inside,outside) dynamic interface", NetworkObjectCommands.NatRule(config, "WEB"));
        var removed = ConfigLoader.Load("object network WEB\n no nat (inside,outside) dynamic interface\n", start: config);
        Assert.Null(NetworkObjectCommands.NatRule(removed.Config, "WEB"));
        var deleted = ConfigLoader.Load("no object network WEB\n", start: config);
        Assert.DoesNotContain(Body(deleted.Config), l => l.Contains("WEB", StringComparison.Ordinal));
    }

    [Fact]
    public void Host_bits_and_bad_masks_are_refused()
    {
        var result = Load("object network X\n subnet 10.0.0.1 255.255.255.0\n subnet 10.0.0.0 0.0.0.255\n");

        Assert.Equal(["ERROR: IP address,mask <10.0.0.1,255.255.255.0> doesn't pair", "ERROR: % Invalid input detected at '^' marker."],
            result.Diagnostics.Select(d => d.Message));
        Assert.Null(NetworkObjectCommands.Find(result.Config, "X")!.Value);
    }

    [Fact]
    public void No_object_network_removes_it_unless_an_access_list_uses_it()
    {
        var config = Load("object network A\n host 10.0.0.1\nobject network B\n host 10.0.0.2\naccess-list L extended permit ip object B any\n").Config;

        var removed = ConfigLoader.Load("no object network A\n", start: config);
        Assert.Empty(removed.Diagnostics);
        Assert.False(NetworkObjectCommands.Exists(removed.Config, "A"));

        var used = ConfigLoader.Load("no object network B\n", start: config);
        Assert.Contains("not allowed, it is being used", Assert.Single(used.Diagnostics).Message);
        Assert.True(NetworkObjectCommands.Exists(used.Config, "B"));
    }

    [Theory]
    [InlineData("ntc-templates__cisco_asa_show_running-config_object_network.cfg")]
    [InlineData("oxidized__asa_5512_9.12-4-67_single-context_output.cfg")]
    [InlineData("batfish__asa-acl-object.cfg")]
    [InlineData("mockdevices__sample_asa.cfg")]
    [InlineData("batfish__asa-nat-object-static.cfg")]
    [InlineData("batfish__asa-nat-object-dynamic.cfg")]
    public void Captured_objects_re_render_byte_for_byte(string file)
    {
        var text = Fixture(file);
        var result = Load(text);

        Assert.Empty(result.Diagnostics.Where(d => d.Line.StartsWith("object network", StringComparison.Ordinal)
            || d.Line.StartsWith(' ') && d.Line.Trim().Split(' ')[0] is "host" or "subnet" or "range" or "fqdn" or "description"));
        Assert.Equal(Stanzas(ConfigLoader.SplitLines(text)), Stanzas(Body(result.Config)));
    }
}
