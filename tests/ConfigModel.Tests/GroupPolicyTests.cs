using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Rendering;

namespace AsaEmu.ConfigModel.Tests;

public class GroupPolicyTests
{
    private static IReadOnlyList<string> VpnLines(AsaConfig config, bool unmasked = false) =>
        RunningConfigRenderer.Body(config, unmasked)
            .SkipWhile(l => !l.StartsWith("group-policy") && !l.StartsWith("username") && !l.StartsWith("tunnel-group"))
            .TakeWhile(l => l != "!" && (l.StartsWith(' ') || l.StartsWith("group-policy") || l.StartsWith("username") || l.StartsWith("tunnel-group")))
            .ToList();

    [Fact]
    public void The_seed_config_loads_without_error_and_renders_group_policy_then_username_then_tunnel_group()
    {
        var text = VpnFixtures.Read("seed-config.txt");
        var result = ConfigLoader.Load(text);
        var firstVpnLine = VpnFixtures.ConfigLines(text).FindIndex(l => l.StartsWith("username")) ;

        var lines = ConfigLoader.SplitLines(text).ToList();
        var vpnFrom = lines.FindIndex(l => l.StartsWith("username")) + 1;
        Assert.Empty(result.Diagnostics.Where(d => d.LineNumber >= vpnFrom && d.Severity == Severity.Error));
        Assert.True(firstVpnLine >= 0);
        Assert.Equal(
        [
            "group-policy EZ internal",
            "group-policy EZ attributes",
            " dns-server value 192.168.1.99",
            " vpn-tunnel-protocol ikev1",
            " password-storage enable",
            " split-tunnel-policy tunnelall",
            " split-tunnel-network-list value split",
            " default-domain value jyoungta-labdomain.cisco.com",
            $"username cisco password {UsernameTests.Hashed("cisco")}",
            "username cisco attributes",
            " vpn-framed-ip-address 192.168.1.100 255.255.255.0",
            "tunnel-group EZ type remote-access",
            "tunnel-group EZ general-attributes",
            " default-group-policy EZ",
            "tunnel-group EZ ipsec-attributes",
            " ikev1 pre-shared-key *****",
        ], VpnLines(result.Config));
        Assert.Equal(" ikev1 pre-shared-key cisco", VpnLines(result.Config, unmasked: true)[^1]);
        // The seed names the policy before defining it, and an ACL that does not exist: warnings only.
        Assert.Contains(result.Diagnostics, d => d.Severity == Severity.Warning && d.Line.Contains("default-group-policy EZ"));
        Assert.Contains(result.Diagnostics, d => d.Severity == Severity.Warning && d.Line.Contains("split-tunnel-network-list"));
    }

    [Fact]
    public void Dflt_grp_policy_exists_from_the_factory_and_shows_only_its_changes()
    {
        var fresh = ConfigLoader.Load("").Config;
        Assert.NotNull(fresh.Get<GroupPolicy>(GroupPolicy.DefaultName));
        Assert.DoesNotContain(RunningConfigRenderer.Body(fresh, false), l => l.StartsWith("group-policy"));

        var unchanged = ConfigLoader.Load("group-policy DfltGrpPolicy attributes\n vpn-idle-timeout 30\n vpn-simultaneous-logins 3\n password-storage disable\n").Config;
        Assert.DoesNotContain(RunningConfigRenderer.Body(unchanged, false), l => l.StartsWith("group-policy"));

        var changed = ConfigLoader.Load("group-policy DfltGrpPolicy attributes\n vpn-idle-timeout 30\n dns-server value 10.0.0.53\n vpn-simultaneous-logins 5\n").Config;
        Assert.Equal(["group-policy DfltGrpPolicy attributes", " dns-server value 10.0.0.53", " vpn-simultaneous-logins 5"], VpnLines(changed));
    }

    [Fact]
    public void Attributes_render_in_the_asa_order_and_explicit_defaults_show_on_a_named_policy()
    {
        var result = ConfigLoader.Load(
            "access-list SPLIT standard permit 10.0.0.0 255.0.0.0\n" +
            "group-policy GP internal\ngroup-policy GP attributes\n" +
            " address-pools value P1 P2\n split-dns value a.example b.example\n pfs enable\n backup-servers 10.9.9.9 10.9.9.10\n" +
            " vpn-idle-timeout 30\n banner value Line one\n banner value Line two\n wins-server none\n vpn-session-timeout none\n" +
            " vpn-filter none\n vpn-tunnel-protocol IPSec svc\n");

        Assert.Empty(result.Diagnostics.Where(d => d.LineNumber > 1 && d.Severity == Severity.Error));
        Assert.Equal(
        [
            "group-policy GP internal",
            "group-policy GP attributes",
            " banner value Line one",
            " banner value Line two",
            " wins-server none",
            " vpn-idle-timeout 30",
            " vpn-session-timeout none",
            " vpn-filter none",
            " vpn-tunnel-protocol ikev1 ssl-client",
            " pfs enable",
            " split-dns value a.example b.example",
            " backup-servers 10.9.9.9 10.9.9.10",
            " address-pools value P1 P2",
        ], VpnLines(result.Config));
    }

    [Theory]
    [InlineData("IPSec", "ikev1")]
    [InlineData("ipsec svc", "ikev1 ssl-client")]
    [InlineData("webvpn", "ssl-clientless")]
    [InlineData("l2tp-ipsec", "l2tp-ipsec")]
    [InlineData("IPSec l2tp-ipsec svc webvpn", "ikev1 l2tp-ipsec ssl-client ssl-clientless")]
    [InlineData("IPSec ikev1", "ikev1")]
    public void Pre_8_4_tunnel_protocol_names_are_shown_by_their_9x_names(string entered, string shown)
    {
        var result = ConfigLoader.Load(
            $"group-policy GP internal\ngroup-policy GP attributes\n vpn-tunnel-protocol {entered}\n" +
            $"username u password p\nusername u attributes\n vpn-tunnel-protocol {entered}\n");

        Assert.Empty(result.Diagnostics.Where(d => d.Severity == Severity.Error));
        Assert.Equal(
        [
            "group-policy GP internal",
            "group-policy GP attributes",
            $" vpn-tunnel-protocol {shown}",
        ], VpnLines(result.Config).Take(3));
        Assert.Contains($" vpn-tunnel-protocol {shown}", VpnLines(result.Config).Skip(3));
    }

    [Fact]
    public void Bad_values_are_refused()
    {
        var result = ConfigLoader.Load(
            "group-policy GP internal\ngroup-policy GP attributes\n vpn-tunnel-protocol ikev1 bogus\n vpn-idle-timeout 0\n" +
            " address-pools value 1 2 3 4 5 6 7\n dns-server value 1.1.1.1 2.2.2.2 3.3.3.3\n");

        Assert.Equal([3, 4, 5, 6], result.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => d.LineNumber));
        Assert.True(result.Config.Get<GroupPolicy>("GP")!.Attributes.IsEmpty);
    }

    [Fact]
    public void Attributes_of_an_unknown_policy_are_refused()
    {
        var result = ConfigLoader.Load("group-policy NOPE attributes\n dns-server value 1.1.1.1\n");

        Assert.Contains(result.Diagnostics, d => d.LineNumber == 1 && d.Severity == Severity.Error && d.Message.Contains("NOPE"));
        Assert.Null(result.Config.Get<GroupPolicy>("NOPE"));
    }

    [Fact]
    public void Split_tunnel_list_naming_a_missing_acl_is_a_warning_and_the_hook_decides()
    {
        var warned = ConfigLoader.Load("group-policy GP internal\ngroup-policy GP attributes\n split-tunnel-network-list value NOACL\n");
        Assert.Equal(0, warned.Errors);
        Assert.Contains(warned.Diagnostics, d => d.LineNumber == 3 && d.Severity == Severity.Warning && d.Message.Contains("NOACL"));

        var saved = GroupPolicyCommands.AclExists;
        try
        {
            GroupPolicyCommands.AclExists = (_, name) => name == "NOACL";
            var quiet = ConfigLoader.Load("group-policy GP internal\ngroup-policy GP attributes\n split-tunnel-network-list value NOACL\n");
            Assert.Empty(quiet.Diagnostics);
        }
        finally
        {
            GroupPolicyCommands.AclExists = saved;
        }
    }

    [Fact]
    public void No_forms_clear_attributes_and_remove_policies_but_not_the_default()
    {
        var result = ConfigLoader.Load(
            "group-policy GP internal\ngroup-policy GP attributes\n dns-server value 1.1.1.1\n no dns-server\n banner value hi\n no banner\n" +
            " msie-proxy method no-proxy\n no msie-proxy method no-proxy\n pfs enable\n" +
            "group-policy OLD internal\nno group-policy OLD\nno group-policy DfltGrpPolicy\n");

        Assert.Null(result.Config.Get<GroupPolicy>("OLD"));
        Assert.NotNull(result.Config.Get<GroupPolicy>("DfltGrpPolicy"));
        Assert.Contains(result.Diagnostics, d => d.LineNumber == 12 && d.Severity == Severity.Error);
        Assert.Equal(["group-policy GP internal", "group-policy GP attributes", " pfs enable"], VpnLines(result.Config));
    }

    [Fact]
    public void The_nested_banner_capture_keeps_one_line_per_banner_line()
    {
        var text = "group-policy Grs-POLICY internal\n" + VpnFixtures.RealConfig("netutils__asa_nested_banner_sent.cfg");
        var config = ConfigLoader.Load(text).Config;

        Assert.Equal(["This is an", "example nested banner"], config.Get<GroupPolicy>("Grs-POLICY")!.Attributes.Banner);
        Assert.Equal(VpnFixtures.ConfigLines(text), VpnLines(config));
    }

    [Fact]
    public void The_batfish_webvpn_capture_loads_as_is_without_exception()
    {
        var result = ConfigLoader.Load(VpnFixtures.RealConfig("batfish__cisco_webvpn.cfg"));

        // Its group-policy has no "internal" line and one tunnel-group has no "type": those lines are refused.
        Assert.Contains(result.Diagnostics, d => d.LineNumber == 4 && d.Severity == Severity.Error);
        Assert.Contains(result.Diagnostics, d => d.LineNumber == 59 && d.Severity == Severity.Error);
        var ra = result.Config.Get<TunnelGroup>("DefaultRAGroup")!;
        Assert.Equal("ccccccccc", ra.DefaultGroupPolicy);
        Assert.Equal(new IsakmpKeepalive(false, 3600, 2), ra.Keepalive);
        Assert.NotNull(result.Config.Get<TunnelGroup>("eeeeeeeeee"));
    }

    [Fact]
    public void The_batfish_webvpn_group_policy_and_tunnel_groups_re_render_every_line_in_order()
    {
        var original = VpnFixtures.RealConfig("batfish__cisco_webvpn.cfg");
        // Give the policy and the last group what a real ASA would have had before them.
        var text = original
            .Replace("group-policy GroupPolicy_NOC-VPN attributes\n", "group-policy GroupPolicy_NOC-VPN internal\ngroup-policy GroupPolicy_NOC-VPN attributes\n")
            .Replace("tunnel-group ffffffffff webvpn-attributes\n", "tunnel-group ffffffffff type remote-access\ntunnel-group ffffffffff webvpn-attributes\n");
        var result = ConfigLoader.Load(text);
        var body = RunningConfigRenderer.Body(result.Config, unmasked: false);

        var input = VpnFixtures.ConfigLines(text);
        var policy = input.SkipWhile(l => !l.StartsWith("group-policy")).TakeWhile(l => l.StartsWith("group-policy") || l.StartsWith(' ')).ToList();
        var groups = input.SkipWhile(l => !l.StartsWith("tunnel-group")).ToList();
        // The capture pads one modelled line (address-pools) with blanks: a loaded line keeps them.
        Assert.True(VpnFixtures.IndexOfRun(body, policy) >= 0, string.Join("\n", body));
        Assert.True(VpnFixtures.IndexOfRun(body, groups) >= 0, string.Join("\n", body));
        Assert.Empty(result.Diagnostics.Where(d => d.Severity == Severity.Error && (d.Line.StartsWith("group-policy") || d.Line.StartsWith("tunnel-group")
            || policy.Contains(d.Line) || groups.Contains(d.Line))));
    }

    private const string Pool = "ip local pool POOL 198.18.5.1-198.18.5.50\n";

    private const string Rich =
        Pool +
        "group-policy GP internal\ngroup-policy GP attributes\n banner value Welcome\n vpn-tunnel-protocol ikev1 ssl-client\n" +
        " group-lock value EZ\n split-tunnel-policy tunnelspecified\n webvpn\n  anyconnect keep-installer installed\n  anyconnect ask none default anyconnect\n" +
        " address-pools value POOL\n msie-proxy method no-proxy\n" +
        "username u password pw1 privilege 15\nusername u attributes\n vpn-group-policy GP\n webvpn\n  anyconnect ssl dtls enable\n" +
        "tunnel-group EZ type remote-access\ntunnel-group EZ general-attributes\n address-pool POOL\n default-group-policy GP\n strip-realm\n" +
        "tunnel-group EZ webvpn-attributes\n group-alias EZ enable\n" +
        "tunnel-group EZ ipsec-attributes\n ikev1 pre-shared-key k3y\n isakmp keepalive threshold 30 retry 5\n";

    [Fact]
    public void Group_policy_webvpn_children_stay_under_their_line_and_the_rendering_loads_back_unchanged()
    {
        var first = ConfigLoader.Load(Rich);
        Assert.Empty(first.Diagnostics);
        var rendered = VpnLines(first.Config, unmasked: true);
        Assert.Equal(
        [
            "group-policy GP internal",
            "group-policy GP attributes",
            " banner value Welcome",
            " vpn-tunnel-protocol ikev1 ssl-client",
            " group-lock value EZ",
            " split-tunnel-policy tunnelspecified",
            " msie-proxy method no-proxy",
            " address-pools value POOL",
            " webvpn",
            "  anyconnect keep-installer installed",
            "  anyconnect ask none default anyconnect",
        ], rendered.Take(11));

        var again = ConfigLoader.Load(Pool + string.Join("\n", rendered) + "\n");
        Assert.Empty(again.Diagnostics);
        Assert.Equal(rendered, VpnLines(again.Config, unmasked: true));
    }

    [Fact]
    public void Loading_the_same_config_twice_changes_nothing_but_banners_which_append()
    {
        var once = ConfigLoader.Load(Rich).Config;
        var twice = ConfigLoader.Load(Rich, start: once).Config;

        Assert.Equal(["Welcome", "Welcome"], twice.Get<GroupPolicy>("GP")!.Attributes.Banner);
        once = once.With(once.Get<GroupPolicy>("GP")! with { Attributes = once.Get<GroupPolicy>("GP")!.Attributes with { Banner = null } });
        twice = twice.With(twice.Get<GroupPolicy>("GP")! with { Attributes = twice.Get<GroupPolicy>("GP")!.Attributes with { Banner = null } });

        Assert.Equal(VpnLines(once, unmasked: true), VpnLines(twice, unmasked: true));
    }

    [Fact]
    public void Sub_mode_keywords_carry_help_for_question_mark()
    {
        var root = ConfigGrammar.Default.Tree(Modes.ModeKind.GroupPolicy).Root;

        Assert.Equal("Configure the DNS servers", root.Children.OfType<Syntax.KeywordNode<ConfigHandler>>().Single(k => k.Keyword == "dns-server").Help);
    }
}
