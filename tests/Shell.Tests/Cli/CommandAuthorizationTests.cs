using System.Text.RegularExpressions;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Shell.Sessions;

namespace AsaEmu.Shell.Tests.Cli;

/// <summary>
/// Privilege levels as the ASA enforces them with <c>aaa authorization command LOCAL</c>: a
/// level-5 user runs what level 5 and its <c>privilege</c> lines allow and gets "Command
/// authorization failed" for the rest, which does nothing; without it, behaviour is as before.
/// </summary>
public class CommandAuthorizationTests : CliTestBase
{
    private const string Users =
        "username ro password ropw privilege 5\n" +
        "username admin password adminpw privilege 15\n" +
        "privilege show level 5 mode exec command running-config\n" +
        "privilege cmd level 5 mode exec command ping\n";

    private const string Authorizing = "aaa authorization command LOCAL\n" + Users;

    private static readonly string Refused = CommandAuthorization.Failed + "\r\n";

    /// <summary>What each command printed, logged in as <paramref name="user"/> first.</summary>
    private async Task<(List<string> Outputs, Core.Appliance Asa)> As(string config, string user, string password, params string[] commands)
    {
        var asa = Boot(config);
        var output = await Lines(asa, ["login", user, password, .. commands]);
        // Cut the transcript at each prompt (greeting, login, the commands, the last prompt): element i is what command i printed.
        var parts = Regex.Split(output, @"(?<=^|\n)[A-Za-z0-9-]+(?:\([a-z-]+\))?[#>] ");
        Assert.Equal(commands.Length + 3, parts.Length);
        return (parts[2..^1].Select(p => p[(p.IndexOf("\r\n", StringComparison.Ordinal) + 2)..]).ToList(), asa);
    }

    [Fact]
    public async Task A_level_5_user_runs_exactly_what_its_level_allows()
    {
        var (o, asa) = await As(Authorizing, "ro", "ropw",
            "show running-config", "show curpriv", "show version", "ping inside 192.168.1.1",
            "configure terminal", "show logging", "more system:running-config", "terminal monitor", "write memory", "clear logging buffer",
            "show running-config | include hostname");

        Assert.Contains("hostname ciscoasa", o[0]);
        Assert.Contains("Current privilege level : 5", o[1]);
        Assert.Contains("Cisco Adaptive Security Appliance Software Version", o[2]);
        Assert.DoesNotContain(CommandAuthorization.Failed, o[3]);
        foreach (var refused in o[4..10]) Assert.Equal(Refused, refused);
        Assert.Equal("hostname ciscoasa\r\n", o[10]);
        // Refused commands did nothing: still at #, nothing saved, no 111008 for them.
        Assert.Null(asa.Store.LoadStartup());
        Assert.DoesNotContain(asa.Events.Buffer.Lines, l => l.Contains("configure terminal") || l.Contains("write memory"));
    }

    [Fact]
    public async Task Privilege_lines_open_config_commands_and_a_refused_config_line_changes_nothing()
    {
        var config = Authorizing +
            "privilege cmd level 5 mode exec command configure\n" +
            "privilege cmd level 5 mode configure command hostname\n";
        var (o, asa) = await As(config, "ro", "ropw", "configure terminal", "hostname edge5", "username evil password evilpw privilege 15",
            "no privilege show level 5 mode exec command running-config", "show running-config", "end", "show running-config");

        Assert.Equal("", o[0]);
        Assert.Equal("", o[1]);
        Assert.Equal(Refused, o[2]);
        Assert.Equal(Refused, o[3]);
        Assert.Equal("edge5", asa.Hostname);
        Assert.Null(asa.Config.Get<Username>("evil"));
        // In config mode a show command is in mode configure: the line gave it in mode exec only.
        Assert.Equal(Refused, o[4]);
        Assert.Contains("privilege show level 5 mode exec command running-config", o[6]);
    }

    [Fact]
    public async Task A_level_15_user_runs_everything()
    {
        var (o, _) = await As(Authorizing, "admin", "adminpw", "configure terminal", "hostname edge15", "end", "show logging", "terminal monitor");
        Assert.DoesNotContain(o, x => x.Contains(CommandAuthorization.Failed));
    }

    [Fact]
    public async Task Without_command_authorization_the_privilege_lines_are_kept_and_a_level_5_user_does_everything()
    {
        var (o, asa) = await As(Users, "ro", "ropw", "configure terminal", "hostname edge5", "end", "show logging");
        Assert.DoesNotContain(o, x => x.Contains(CommandAuthorization.Failed));
        Assert.Equal("edge5", asa.Hostname);
    }

    [Fact]
    public async Task Terminal_monitor_is_refused_at_level_1_and_allowed_where_a_privilege_line_gives_it()
    {
        var plain = await Lines(Boot(), "terminal monitor");
        Assert.Contains("ciscoasa> terminal monitor\r\n", plain);
        Assert.Contains("ERROR: % Invalid input detected at '^' marker.", plain);

        var authorizing = await Lines(Boot(Authorizing), "terminal monitor", "show version");
        Assert.Contains("ciscoasa> terminal monitor\r\n" + Refused, authorizing);
        Assert.Contains("Cisco Adaptive Security Appliance Software Version", authorizing);

        var given = await Lines(Boot(Authorizing + "privilege level 1 mode exec command terminal\n"), "terminal monitor", "show terminal");
        Assert.DoesNotContain(CommandAuthorization.Failed, given);
        Assert.Contains("Width = 80, monitor", given);
    }

    [Fact]
    public async Task Help_and_tab_offer_only_what_the_level_may_run()
    {
        var asa = Boot(Authorizing);
        var session = new CliSession(asa, new Fakes.FakeTerminal()) { Privilege = 5, Username = "ro" };

        var root = string.Join("\n", session.HelpLines(""));
        Assert.Contains("  show ", root);
        Assert.Contains("  ping ", root);
        Assert.Contains("  login ", root);
        Assert.DoesNotContain("  configure ", root);
        Assert.DoesNotContain("  write ", root);

        var show = string.Join("\n", session.HelpLines("show "));
        Assert.Contains("  running-config ", show);
        Assert.Contains("  version ", show);
        Assert.DoesNotContain("  logging ", show);
        Assert.Equal(["running-config"], session.HelpLines("show r"));
        Assert.Null(session.Complete("conf").Completed);
        Assert.Equal("show running-config ", session.Complete("show runn").Completed);

        // In a sub-mode its own commands come with the command that opened it.
        asa = Boot(Authorizing + "privilege cmd level 5 mode exec command configure\nprivilege cmd level 5 mode configure command interface\n");
        session = new CliSession(asa, new Fakes.FakeTerminal()) { Privilege = 5, Username = "ro" };
        await session.ExecuteAsync("configure terminal");
        await session.ExecuteAsync("interface GigabitEthernet0/1");
        var inInterface = string.Join("\n", session.HelpLines(""));
        Assert.Contains("  nameif ", inInterface);
        Assert.Contains("  show ", inInterface);
        Assert.DoesNotContain("  write ", inInterface);
        await session.ExecuteAsync("nameif lan");
        Assert.Equal("lan", asa.Config.All<Interface>().Single(i => i.Name == "GigabitEthernet0/1").NameIf);

        // An administrator is offered everything.
        await session.ExecuteAsync("end");
        session.Privilege = 15;
        Assert.Contains("  configure ", string.Join("\n", session.HelpLines("")));
    }
}
