using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Rendering;
using static AsaEmu.ConfigModel.Tests.AccessListCommandTests;

namespace AsaEmu.ConfigModel.Tests;

/// <summary>
/// <c>aaa-server NAME protocol P</c> and <c>aaa-server NAME (IF) host ADDR</c> with their sub-modes: modelled,
/// shown grouped and masked as the ASA shows them, with their defaults under <c>show running-config all</c>,
/// and the same after a reload.
/// </summary>
public class AaaServerCommandTests
{
    /// <summary>The diagnostics but the INFO of <c>nameif inside</c>.</summary>
    private static IEnumerable<LoadDiagnostic> Problems(LoadResult load) => load.Diagnostics.Where(d => d.Severity != Severity.Info);

    private const string Interfaces = "interface GigabitEthernet0/1\n nameif inside\n security-level 100\n ip address 198.18.1.1 255.255.255.0\n";

    private const string Typed = Interfaces
        + "aaa-server RAD protocol radius\n"
        + " max-failed-attempts 2\n"
        + " reactivation-mode depletion deadtime 5\n"
        + " accounting-mode simultaneous\n"
        + " interim-accounting-update periodic 1\n"
        + "aaa-server RAD (inside) host 198.18.1.2\n"
        + " key radsecret\n"
        + " authentication-port 1812\n"
        + " accounting-port 1813\n"
        + " retry-interval 2\n"
        + " timeout 4\n"
        + " radius-common-pw common\n"
        + "aaa-server TAC protocol tacacs+\n"
        + " reactivation-mode timed\n"
        + "aaa-server TAC (inside) host 198.18.1.3 tackey timeout 7\n"
        + "aaa-server RAD (inside) host 198.18.1.4\n"
        + " key second\n";

    [Fact]
    public void Groups_and_servers_are_modelled_with_every_setting()
    {
        var load = Load(Typed);
        Assert.Empty(Problems(load));

        var rad = load.Config.Get<AaaServerGroup>("RAD")!;
        Assert.Equal("radius", rad.Protocol);
        Assert.Equal(2, rad.EffectiveMaxFailedAttempts);
        Assert.Equal(ReactivationMode.Depletion, rad.EffectiveReactivation);
        Assert.Equal(5, rad.EffectiveDeadtime);
        Assert.True(rad.SimultaneousAccounting);
        Assert.Equal(["198.18.1.2", "198.18.1.4"], rad.Hosts.Select(h => h.Address));
        var first = rad.Hosts[0];
        Assert.Equal(("inside", "radsecret", 1812, 1813, 2, 4), (first.Interface, first.Key, first.EffectiveAuthenticationPort,
            first.EffectiveAccountingPort, first.EffectiveRetryInterval, first.EffectiveTimeout));
        var second = rad.Hosts[1];
        Assert.Equal((1645, 1646, 10, 10), (second.EffectiveAuthenticationPort, second.EffectiveAccountingPort, second.EffectiveRetryInterval, second.EffectiveTimeout));

        var tac = load.Config.Get<AaaServerGroup>("TAC")!;
        Assert.Equal(ReactivationMode.Timed, tac.EffectiveReactivation);
        Assert.Equal(("tackey", 7), (tac.Hosts[0].Key, tac.Hosts[0].EffectiveTimeout));
    }

    [Fact]
    public void Show_run_prints_each_group_with_its_servers_keys_masked_defaults_hidden_and_reloads_the_same()
    {
        var load = Load(Typed);

        Assert.Equal(
        [
            "aaa-server RAD protocol radius",
            " accounting-mode simultaneous",
            " reactivation-mode depletion deadtime 5",
            " max-failed-attempts 2",
            " interim-accounting-update periodic 1",
            "aaa-server RAD (inside) host 198.18.1.2",
            " timeout 4",
            " retry-interval 2",
            " key *****",
            " radius-common-pw *****",
            " authentication-port 1812",
            " accounting-port 1813",
            "aaa-server RAD (inside) host 198.18.1.4",
            " key *****",
            "aaa-server TAC protocol tacacs+",
            " reactivation-mode timed",
            "aaa-server TAC (inside) host 198.18.1.3",
            " timeout 7",
            " key *****",
        ], RunningConfigRenderer.Slice(load.Config, ["aaa-server"], unmasked: false));

        var clear = RunningConfigRenderer.Body(load.Config, unmasked: true);
        Assert.Contains(" key radsecret", clear);
        var again = ConfigLoader.Load(string.Join("\n", clear) + "\n");
        Assert.Empty(Problems(again));
        Assert.Equal(clear, RunningConfigRenderer.Body(again.Config, unmasked: true));
    }

    [Fact]
    public void Show_running_config_all_prints_the_defaults()
    {
        var config = Load(Interfaces + "aaa-server R protocol radius\naaa-server R (inside) host 10.9.9.9\n key k\n").Config;

        Assert.Equal(
        [
            "aaa-server R protocol radius",
            " accounting-mode single",
            " reactivation-mode depletion deadtime 10",
            " max-failed-attempts 3",
            "aaa-server R (inside) host 10.9.9.9",
            " timeout 10",
            " retry-interval 10",
            " key *****",
            " authentication-port 1645",
            " accounting-port 1646",
        ], RunningConfigRenderer.Slice(config, ["aaa-server"], unmasked: false, showDefaults: true));
    }

    [Fact]
    public void The_sub_modes_have_the_asa_prompts_and_an_unknown_word_drops_back_to_global_config()
    {
        var session = new ConfigSession(ConfigGrammar.Default);
        var config = Load(Interfaces).Config;
        config = session.Apply(config, "aaa-server RAD protocol radius").Config;
        Assert.Equal("config-aaa-server-group", session.Mode.Prompt);
        config = session.Apply(config, "aaa-server RAD (inside) host 10.1.1.1").Config;
        Assert.Equal("config-aaa-server-host", session.Mode.Prompt);
        var typo = session.Apply(config, "key");
        Assert.Equal(LineErrorKind.Incomplete, typo.Error!.Kind);
        Assert.Equal("config-aaa-server-host", session.Mode.Prompt);
        config = session.Apply(config, "hostname fw").Config;
        Assert.Equal("config", session.Mode.Prompt);
        Assert.Equal("fw", config.Get<Hostname>()!.Name);
    }

    [Theory]
    [InlineData("no aaa-server RAD protocol radius", new string[0])]
    [InlineData("clear configure aaa-server RAD", new string[0])]
    [InlineData("clear configure aaa-server", new string[0])]
    [InlineData("no aaa-server RAD (inside) host 198.18.1.2", new[] { "198.18.1.4" })]
    public void No_forms_and_clear_configure_remove_groups_and_servers(string line, string[] left)
    {
        var result = ConfigLoader.Load(line + "\n", start: Load(Typed).Config);

        Assert.Empty(Problems(result));
        Assert.Equal(left, result.Config.Get<AaaServerGroup>("RAD")?.Hosts.Select(h => h.Address) ?? []);
        if (line.StartsWith("clear configure aaa-server\n", StringComparison.Ordinal) || line == "clear configure aaa-server")
            Assert.Empty(result.Config.All<AaaServerGroup>());
    }

    [Fact]
    public void No_forms_in_the_sub_modes_bring_settings_back_to_their_defaults()
    {
        var config = ConfigLoader.Load("aaa-server RAD protocol radius\n no max-failed-attempts\n no reactivation-mode\n"
            + "aaa-server RAD (inside) host 198.18.1.2\n no key\n no authentication-port\n no timeout 4\n", start: Load(Typed).Config).Config;

        var rad = config.Get<AaaServerGroup>("RAD")!;
        Assert.Equal((3, 10), (rad.EffectiveMaxFailedAttempts, rad.EffectiveDeadtime));
        Assert.Equal((null, 1645, 10), (rad.Hosts[0].Key, rad.Hosts[0].EffectiveAuthenticationPort, rad.Hosts[0].EffectiveTimeout));
    }

    [Theory]
    [InlineData("aaa-server RAD protocol tacacs+", "ERROR: Server group RAD is already defined with protocol radius")]
    [InlineData("aaa-server RAD (dmz) host 10.1.1.1", "ERROR: Interface name \"dmz\" not found")]
    [InlineData("aaa-server LOCAL protocol radius", "ERROR: LOCAL is a reserved server group name")]
    [InlineData("no aaa-server RAD (inside) host 10.7.7.7", "ERROR: Server 10.7.7.7 is not a member of server group RAD")]
    [InlineData("aaa-server RAD protocol diameter", "ERROR: % Invalid input detected at '^' marker.")]
    [InlineData("aaa-server RAD (inside) host 10.1.1.1 key timeout 301", "ERROR: % Invalid input detected at '^' marker.")]
    public void Bad_lines_get_the_asa_error_and_change_nothing(string line, string error)
    {
        var before = Load(Typed).Config;
        var result = ConfigLoader.Load(line + "\n", start: before);

        Assert.Equal(error, Assert.Single(Problems(result)).Message);
        Assert.Equal(RunningConfigRenderer.Body(before, true), RunningConfigRenderer.Body(result.Config, true));
    }

    [Fact]
    public void A_group_holds_at_most_16_servers()
    {
        var text = Interfaces + "aaa-server RAD protocol radius\n"
            + string.Concat(Enumerable.Range(1, 17).Select(i => $"aaa-server RAD (inside) host 10.0.0.{i}\n"));

        var result = Load(text);

        Assert.Equal("ERROR: Maximum number of servers (16) reached for server group RAD", Assert.Single(Problems(result)).Message);
        Assert.Equal(16, result.Config.Get<AaaServerGroup>("RAD")!.Hosts.Count);
    }

    [Fact]
    public void A_server_line_before_its_group_makes_the_group_and_is_rendered_back_as_it_was()
    {
        var text = "aaa-server SERVER-TAG host 10.42.0.14\n key AAAA\naaa-server AD_SERVER host 10.42.0.13\n server-port 636\n key BBBB\n"
            + "aaa-server SERVER-TAG protocol radius\n";

        var result = Load(text);

        Assert.Empty(Problems(result));
        Assert.Equal(["aaa-server SERVER-TAG protocol radius", "aaa-server SERVER-TAG host 10.42.0.14", " key AAAA",
            "aaa-server AD_SERVER host 10.42.0.13", " server-port 636", " key BBBB"],
            RunningConfigRenderer.Slice(result.Config, ["aaa-server"], unmasked: true));
    }

    [Fact]
    public void Ldap_settings_are_kept_in_their_place_and_their_password_is_masked()
    {
        var text = Interfaces + "aaa-server LDAP protocol ldap\naaa-server LDAP (inside) host 10.1.1.2\n ldap-scope subtree\n"
            + " ldap-base-dn dc=example,dc=com\n ldap-login-password ldappw\n server-type microsoft\n server-port 636\n";

        var result = Load(text);

        Assert.Empty(Problems(result));
        Assert.Equal(["aaa-server LDAP protocol ldap", "aaa-server LDAP (inside) host 10.1.1.2", " server-port 636",
            " ldap-base-dn dc=example,dc=com", " ldap-scope subtree", " ldap-login-password *****", " server-type microsoft"],
            RunningConfigRenderer.Slice(result.Config, ["aaa-server"], unmasked: false));
    }

    [Fact]
    public void The_tunnel_group_accounting_server_group_is_modelled_in_its_place()
    {
        var text = "tunnel-group EZ type remote-access\ntunnel-group EZ general-attributes\n accounting-server-group RAD\n"
            + " authentication-server-group RAD LOCAL\n";

        var result = Load(text);

        Assert.Empty(Problems(result));
        var group = result.Config.Get<TunnelGroup>("EZ")!;
        Assert.Equal("RAD", group.AccountingServerGroup);
        Assert.Equal(new ServerGroupAssignment(null, "RAD", true), group.AuthenticationServerGroupFor("outside"));
        Assert.Equal(["tunnel-group EZ general-attributes", " accounting-server-group RAD", " authentication-server-group RAD LOCAL"],
            Body(result.Config).SkipWhile(l => l != "tunnel-group EZ general-attributes").Take(3));
        var removed = ConfigLoader.Load("tunnel-group EZ general-attributes\n no accounting-server-group\n", start: result.Config).Config;
        Assert.Null(removed.Get<TunnelGroup>("EZ")!.AccountingServerGroup);
    }
}
