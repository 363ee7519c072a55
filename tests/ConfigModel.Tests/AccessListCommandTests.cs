using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Rendering;
using AsaEmu.ConfigModel.Syntax;

namespace AsaEmu.ConfigModel.Tests;

public class AccessListCommandTests
{
    internal static LoadResult Load(string text) => ConfigLoader.Load(text);

    internal static IReadOnlyList<string> Body(AsaConfig config) => RunningConfigRenderer.Body(config, unmasked: false);

    internal static List<string> Lines(AsaConfig config, string prefix) => Body(config).Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToList();

    internal static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "real-configs", name));

    [Fact]
    public void Abbreviated_keywords_are_expanded_and_well_known_ports_shown_by_name()
    {
        var result = Load("access-list A ext perm tcp any host 1.1.1.1 eq 443\n"
            + "access-list A ext d udp any4 ho 10.0.0.1 r 20 21\n"
            + "access-list A ex pe tcp 10.0.0.0 255.0.0.0 object-gr SRV eq http\n"
            + "access-list A ex pe 6 any any e 22 lo inter 300\n"
            + "access-list A ex pe icmp any any 8\n"
            + "access-list A ex pe 50 any any\n");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(
        [
            "access-list A extended permit tcp any host 1.1.1.1 eq https",
            "access-list A extended deny udp any4 host 10.0.0.1 range 20 21",
            "access-list A extended permit tcp 10.0.0.0 255.0.0.0 object-group SRV eq www",
            "access-list A extended permit tcp any any eq ssh log interval 300",
            "access-list A extended permit icmp any any echo",
            "access-list A extended permit esp any any",
        ], Lines(result.Config, "access-list"));
    }

    [Fact]
    public void Port_names_depend_on_the_protocol()
    {
        var result = Load("access-list A extended permit udp any any eq 514\naccess-list A extended permit tcp any any eq 514\n"
            + "access-list A extended permit tcp any eq 1024 any eq 8443\naccess-list A extended permit udp any any eq snmp\n");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(
        [
            "access-list A extended permit udp any any eq syslog",
            "access-list A extended permit tcp any any eq rsh",
            "access-list A extended permit tcp any eq 1024 any eq 8443",
            "access-list A extended permit udp any any eq snmp",
        ], Lines(result.Config, "access-list"));
    }

    [Fact]
    public void Standard_entries_and_remarks_keep_their_text()
    {
        var result = Load("access-list SPLIT remark two  spaces kept\naccess-list SPLIT st p 192.168.1.0 255.255.255.0\n"
            + "access-list SPLIT standard permit host 10.1.1.1\naccess-list SPLIT standard deny any\n");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(
        [
            "access-list SPLIT remark two  spaces kept",
            "access-list SPLIT standard permit 192.168.1.0 255.255.255.0",
            "access-list SPLIT standard permit host 10.1.1.1",
            "access-list SPLIT standard deny any4",
        ], Lines(result.Config, "access-list"));
    }

    [Fact]
    public void Lists_render_in_creation_order_with_entries_in_order_and_line_inserts()
    {
        var result = Load("access-list B extended permit ip any any\naccess-list A extended deny ip any any\n"
            + "access-list B extended deny tcp any any\naccess-list B line 1 remark first\n");

        Assert.Equal(
        [
            "access-list B remark first",
            "access-list B extended permit ip any any",
            "access-list B extended deny tcp any any",
            "access-list A extended deny ip any any",
        ], Lines(result.Config, "access-list"));
        Assert.Equal(3, result.Config.Get<AccessList>("B")!.Entries.Count);
    }

    [Theory]
    [InlineData("access-list A extended permit tcp any host 1.1.1.1 eq 70000", "70000")]
    [InlineData("access-list A extended permit tcp any hots 1.1.1.1", "hots")]
    [InlineData("access-list A extended permit tcp 10.0.0.0 0.0.0.255 any", "0.0.0.255")]
    [InlineData("access-list A extended permit bogus any any", "bogus")]
    [InlineData("access-list A extended permit ip any any log 9", "9")]
    [InlineData("access-list A extended permit ip any any eq 80", "eq")]
    [InlineData("access-list A standard permit 10.0.0.0 0.0.0.255", "0.0.0.255")]
    [InlineData("access-list A extnded permit ip any any", "extnded")]
    public void Bad_words_are_refused_with_the_caret_under_them(string line, string bad)
    {
        var start = Load("access-list A extended permit ip host 1.1.1.1 any\n").Config;
        var result = ConfigLoader.Load(line + "\n", start: start);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("ERROR: % Invalid input detected at '^' marker.", error.Message);
        Assert.Equal(line.IndexOf(" " + bad, StringComparison.Ordinal) + 1, error.Column);
        Assert.Equal(["access-list A extended permit ip host 1.1.1.1 any"], Lines(result.Config, "access-list"));
    }

    [Fact]
    public void An_abbreviation_of_several_keywords_is_ambiguous()
    {
        var result = Load("access-list A extended permit ic any any\naccess-list A extended permit tcp any obj X\n");

        Assert.Equal(["ERROR: % Ambiguous command:  \"access-list A extended permit ic any any\"",
            "ERROR: % Ambiguous command:  \"access-list A extended permit tcp any obj X\""], result.Diagnostics.Select(d => d.Message));
        Assert.False(AccessListCommands.Exists(result.Config, "A"));
    }

    [Fact]
    public void A_missing_destination_is_an_incomplete_command()
    {
        var result = Load("access-list A extended permit tcp any\n");

        Assert.Equal("ERROR: % Incomplete command", Assert.Single(result.Diagnostics).Message);
        Assert.False(AccessListCommands.Exists(result.Config, "A"));
    }

    [Theory]
    [InlineData("access-list A extended permit ip 10.1.1.1 255.255.255.0 any", "10.1.1.1,255.255.255.0")]
    [InlineData("access-list A extended permit ip any 10.1.0.0 255.0.0.0", "10.1.0.0,255.0.0.0")]
    [InlineData("access-list A standard permit 192.168.1.1 255.255.255.0", "192.168.1.1,255.255.255.0")]
    public void Host_bits_set_are_refused_and_leave_the_config_unchanged(string line, string pair)
    {
        var result = Load(line + "\n");

        Assert.Equal($"ERROR: IP address,mask <{pair}> doesn't pair", Assert.Single(result.Diagnostics).Message);
        Assert.False(AccessListCommands.Exists(result.Config, "A"));
    }

    [Fact]
    public void No_form_removes_one_entry_and_the_list_goes_with_its_last_entry()
    {
        var config = Load("access-list A extended permit tcp any any eq 443\naccess-list A remark r\n").Config;

        var after = ConfigLoader.Load("no access-list A ext permit tcp any any eq https\n", start: config);
        Assert.Empty(after.Diagnostics);
        Assert.Equal(["access-list A remark r"], Lines(after.Config, "access-list"));

        var gone = ConfigLoader.Load("no access-list A remark r\n", start: after.Config);
        Assert.False(AccessListCommands.Exists(gone.Config, "A"));

        var missing = ConfigLoader.Load("no access-list A extended deny ip any any\n", start: config);
        Assert.StartsWith("ERROR: ", Assert.Single(missing.Diagnostics).Message);
        Assert.Equal(RunningConfigRenderer.Body(config, unmasked: true), RunningConfigRenderer.Body(missing.Config, unmasked: true));
    }

    [Fact]
    public void No_access_list_with_only_a_name_is_incomplete_and_clear_configure_removes_the_list()
    {
        var config = Load("access-list A extended permit ip any any\naccess-list B extended permit ip any any\n").Config;

        var bare = ConfigLoader.Load("no access-list A\n", start: config);
        Assert.Equal("ERROR: % Incomplete command", Assert.Single(bare.Diagnostics).Message);
        Assert.True(AccessListCommands.Exists(bare.Config, "A"));

        var cleared = ConfigLoader.Load("clear configure access-list A\nclear configure access-list NONE\n", start: config);
        Assert.Empty(cleared.Diagnostics);
        Assert.False(AccessListCommands.Exists(cleared.Config, "A"));
        Assert.True(AccessListCommands.Exists(cleared.Config, "B"));
    }

    [Fact]
    public void A_list_keeps_one_type_and_remarks_fit_any()
    {
        var config = Load("access-list S remark split networks\naccess-list S standard permit 10.0.0.0 255.0.0.0\n").Config;

        var result = ConfigLoader.Load("access-list S extended permit ip any any\naccess-list S remark more\n", start: config);

        Assert.Equal("ERROR: Cannot mix different types of access lists", Assert.Single(result.Diagnostics).Message);
        Assert.Equal("standard", result.Config.Get<AccessList>("S")!.Type);
        Assert.Equal(["access-list S remark split networks", "access-list S standard permit 10.0.0.0 255.0.0.0", "access-list S remark more"],
            Lines(result.Config, "access-list"));
    }

    [Fact]
    public void Other_entry_types_and_ipv6_entries_survive()
    {
        var text = "access-list W webtype permit url https://intranet.example.com/*\n"
            + "access-list E ethertype permit bpdu\n"
            + "access-list V6 extended permit ip any6 host 2001:db8::1\n"
            + "access-list V6 extended permit tcp 2001:db8::/32 any6 eq ssh\n"
            + "access-list V6 extended permit icmp6 any6 any6 echo-reply\n";
        var result = Load(text);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(text.TrimEnd('\n').Split('\n'), Lines(result.Config, "access-list"));
    }

    [Fact]
    public void Options_are_kept_in_full()
    {
        var result = Load("access-list A extended permit ip any any log warn int 60 time-r WORKHOURS inact\n"
            + "access-list A extended deny ip any any log disable\n");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(
        [
            "access-list A extended permit ip any any log warnings interval 60 time-range WORKHOURS inactive",
            "access-list A extended deny ip any any log disable",
        ], Lines(result.Config, "access-list"));
    }

    [Fact]
    public void Split_tunnel_networks_come_from_permit_entries_and_resolve_objects()
    {
        var result = Load("object network LAN2\n subnet 172.16.0.0 255.255.0.0\n"
            + "access-list SPLIT standard permit 192.168.1.0 255.255.255.0\naccess-list SPLIT standard deny 10.0.0.0 255.0.0.0\n"
            + "access-list SPLIT standard permit host 10.9.9.9\n"
            + "access-list X extended permit ip 192.168.2.0 255.255.255.0 any\naccess-list X extended permit tcp 192.168.3.0 255.255.255.0 any\n"
            + "access-list X extended permit ip object LAN2 any\naccess-list X remark r\n");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(
            [(Ipv4.Parse("192.168.1.0"), Ipv4.Parse("255.255.255.0")), (Ipv4.Parse("10.9.9.9"), Ipv4.HostMask)],
            result.Config.SplitTunnelNetworks("SPLIT"));
        Assert.Equal(
            [(Ipv4.Parse("192.168.2.0"), Ipv4.Parse("255.255.255.0")), (Ipv4.Parse("172.16.0.0"), Ipv4.Parse("255.255.0.0"))],
            result.Config.SplitTunnelNetworks("X"));
        Assert.Empty(result.Config.SplitTunnelNetworks("NONE"));
    }

    public static TheoryData<string> AclCaptures => new()
    {
        "mockdevices__sample_asa.cfg",
        "aerleon__TestRegressionDemo.testSmokeTest.sample_multitarget.asa.cfg",
        "batfish__asa_acl.cfg",
        "batfish__asa-acl-object.cfg",
        "batfish__asa-filters.cfg",
        "batfish__asa-gh-6042.cfg",
        "batfish__asa_object_groups.cfg",
        "cisco-asav__day0-config-primary.cfg",
        "oxidized__asa_5512_9.12-4-67_single-context_output.cfg",
        "ntc-templates__show_running-config_access-group.cfg",
    };

    [Theory]
    [MemberData(nameof(AclCaptures))]
    public void Captured_access_lists_re_render_byte_for_byte(string file)
    {
        var text = Fixture(file);
        var result = Load(text);

        var expected = ConfigLoader.SplitLines(text).Where(l => l.StartsWith("access-list ", StringComparison.Ordinal)).ToList();
        Assert.Empty(result.Diagnostics.Where(d => d.Line.StartsWith("access-list", StringComparison.Ordinal)));
        Assert.Equal(expected, Lines(result.Config, "access-list "));
    }
}

public class AccessListHelpTests
{
    [Theory]
    [InlineData("", new[] { "object", "object-group", "ip", "tcp", "udp", "icmp", "esp", "<0-255>" })]
    [InlineData("tcp ", new[] { "any", "any4", "any6", "host", "object", "object-group", "interface", "A.B.C.D", "X:X:X:X::X/<0-128>" })]
    [InlineData("tcp any ", new[] { "eq", "lt", "gt", "neq", "range", "object-group", "any", "host", "A.B.C.D" })]
    [InlineData("tcp any any ", new[] { "eq", "range", "object-group", "log", "inactive", "time-range", "<cr>" })]
    [InlineData("tcp any any eq ", new[] { "<0-65535>", "https", "www", "ssh" })]
    [InlineData("ip any any log ", new[] { "disable", "default", "interval", "<0-7>", "warnings", "time-range", "<cr>" })]
    [InlineData("icmp any any ", new[] { "echo", "echo-reply", "<0-255>", "object-group", "log", "<cr>" })]
    public void Question_mark_lists_what_may_follow(string typed, string[] expected)
    {
        var help = AceParser.Help(typed);

        foreach (var word in expected) Assert.Contains(word, help);
    }

    [Fact]
    public void A_half_typed_word_lists_only_its_completions_and_a_wrong_line_lists_nothing()
    {
        Assert.Equal(["icmp", "icmp6"], AceParser.Help("ic").Order());
        Assert.Equal(["host"], AceParser.Help("tcp any h"));
        Assert.DoesNotContain("<cr>", AceParser.Help("tcp any"));
        Assert.Empty(AceParser.Help("tcp bogus "));
    }
}

public class AccessListKeywordResolutionTests
{
    [Theory]
    [InlineData("echo", "echo")]
    [InlineData("echo-r", "echo-reply")]
    [InlineData("ec", null)]
    [InlineData("x", null)]
    public void A_full_keyword_wins_over_longer_ones_it_starts(string word, string? expected)
    {
        Assert.Equal(expected, AceParser.Resolve(word, ["echo-reply", "echo-x", "echo", "unreachable"]));
    }
}
