using AsaEmu.ConfigModel.Commands;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Aaa;
using AsaEmu.Crypto.Radius;
using AsaEmu.Shell.Events;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// The AAA server commands of EXEC mode: <c>test aaa-server authentication GROUP [host ADDR] [username U]
/// [password P]</c> (what is not given is asked for, as on the ASA), <c>show aaa-server [GROUP [host ADDR] |
/// protocol P]</c>, <c>clear aaa-server statistics [GROUP]</c>, and <c>debug radius [all | decode | session |
/// user U]</c> with its <c>no</c> and <c>undebug</c> forms.
/// </summary>
public sealed class AaaServerExecCommands : IExecArea
{
    /// <summary>The prompts of the interactive test [S: a transcript].</summary>
    public const string HostPrompt = "Server IP Address or name: ", UsernamePrompt = "Username: ", PasswordPrompt = "Password: ";

    /// <summary><c>INFO: Attempting Authentication test to IP address &lt;10.1.2.2&gt; (timeout: 12 seconds)</c>: the host's timeout and 2 [S].</summary>
    public static string Attempting(string address, int timeout) => $"INFO: Attempting Authentication test to IP address <{address}> (timeout: {timeout + 2} seconds)";

    /// <summary>What the test prints for each outcome: accept and reject [S], the others [M] but "has been removed" [S].</summary>
    public static string Outcome(AaaResult result) => result.Outcome switch
    {
        AaaOutcome.Accepted => "INFO: Authentication Successful",
        AaaOutcome.Rejected => "ERROR: Authentication Rejected: AAA failure",
        AaaOutcome.Challenged => $"ERROR: Authentication Challenged: {result.ReplyMessage ?? "Unspecified"}",
        AaaOutcome.NotResponding => "ERROR: Authentication Server not responding: No error",
        AaaOutcome.ServerFailed => "ERROR: Authentication Server not responding: AAA Server has been removed",
        _ => $"ERROR: {result.Reason}",
    };

    private static readonly Dictionary<string, string> Help = new()
    {
        ["test"] = "Test subsystems, memory, interfaces and configurations",
        ["aaa-server"] = "Test an AAA server",
        ["authentication"] = "Test authentication with an AAA server",
        ["group"] = "Name of the AAA server group",
        ["host"] = "IP address or name of the server",
        ["address"] = "IP address or name of the server",
        ["username"] = "User name to test with",
        ["user"] = "User name",
        ["password"] = "Password to test with",
        ["pw"] = "Password",
        ["show"] = "Show running system information",
        ["protocol"] = "Servers of one protocol",
        ["clear"] = "Reset functions",
        ["statistics"] = "Clear the AAA server statistics",
        ["radius"] = "Debug RADIUS",
        ["all"] = "All RADIUS debug messages",
        ["decode"] = "Decode RADIUS packets",
        ["session"] = "RADIUS session messages",
        ["debug"] = "Use the command debug to enable debugging",
        ["undebug"] = "Disable debugging functions (see also 'debug')",
    };

    public void Register(ExecGrammar g)
    {
        g.Add(ExecScope.PrivilegedAndConfig, "test aaa-server authentication <word:group> [host <word:address>] [username <word:user>] [password <word:pw>]",
            Test, help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "show aaa-server [<word:group>] [host <word:address>]", Show, help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "show aaa-server protocol <word:protocol>", Show, help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "clear aaa-server statistics [<word:group>]", c => c.Appliance.Aaa.ClearStatisticsAsync(c.Args.OptStr("group")), help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "debug radius [(all|decode|session):what] [user <word:user>]", c => SetDebug(c, true),
            noPrefix: 2, noHandler: c => SetDebug(c, false), help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "undebug radius [(all|decode|session):what] [user <word:user>]", c => SetDebug(c, false), help: Help);
    }

    private static async Task Test(ExecContext c)
    {
        var session = c.Session;
        var name = c.Args.Str("group");
        var config = c.Appliance.Config;
        var local = string.Equals(name, AaaRequest.Local, StringComparison.OrdinalIgnoreCase);
        var group = config.Get<AaaServerGroup>(name);
        if (!local && group?.Protocol is null)
        {
            c.WriteLine($"ERROR: {AaaServerMessages.GroupNotFound(name)}");
            return;
        }
        AaaServerHost? host = null;
        if (!local)
        {
            var address = c.Args.OptStr("address") ?? await Ask(c, HostPrompt, secret: false);
            if (address is null) return;
            host = group!.Host(address.Trim());
            if (host is null)
            {
                c.WriteLine($"ERROR: {AaaServerMessages.NotAMember(address.Trim(), name)}");
                return;
            }
        }
        var user = c.Args.OptStr("user") ?? await Ask(c, UsernamePrompt, secret: false);
        if (user is null) return;
        var password = c.Args.OptStr("pw") ?? await Ask(c, PasswordPrompt, secret: true);
        if (password is null) return;
        if (host is not null) c.WriteLine(Attempting(host.Address, host.EffectiveTimeout));
        var result = await c.Appliance.Aaa.AuthenticateAsync(
            new AaaRequest(local ? AaaRequest.Local : group!.Name, user.Trim(), password) { Host = host?.Address, Service = LoginService.LoginCommand }, c.Cancel);
        session.WriteLine(Outcome(result));
    }

    /// <summary>Asks for a value the command line did not give; null when the session ended.</summary>
    private static async Task<string?> Ask(ExecContext c, string prompt, bool secret)
    {
        c.Session.Write(prompt);
        var line = await c.Session.Terminal.ReadLineAsync(secret, c.Cancel);
        if (line is null) c.Session.End();
        return line;
    }

    private static Task Show(ExecContext c)
    {
        c.WriteLines(ShowAaaServer.Lines(c.Appliance.Config, c.Appliance.Aaa, c.Args.OptStr("group"), c.Args.OptStr("address"), c.Args.OptStr("protocol")));
        return Task.CompletedTask;
    }

    /// <summary><c>debug radius session</c> shows the session trail; every other form the packet decodes too [M].</summary>
    private static Task SetDebug(ExecContext c, bool on)
    {
        var level = c.Args.OptStr("what") == "session" ? RadiusDebug.Session : RadiusDebug.Decode;
        c.Appliance.Events.SetDebug(DebugFeature.Radius, on ? level : 0);
        return Task.CompletedTask;
    }

    /// <summary>The line <c>show debug</c> prints for radius, when on [M].</summary>
    public static string? DebugLine(EventBus bus) => bus.DebugLevel(DebugFeature.Radius) switch
    {
        0 => null,
        RadiusDebug.Session => "debug radius session",
        _ => "debug radius all",
    };
}
