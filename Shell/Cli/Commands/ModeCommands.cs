using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Passwords;
using AsaEmu.ConfigModel.Rendering;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>Moving between modes (reference §1.2, §1.3): enable, disable, configure terminal, exit.</summary>
public sealed class ModeCommands : IExecArea
{
    public const int MaxEnableAttempts = 3;

    private static readonly Dictionary<string, string> Help = new()
    {
        ["enable"] = "Turn on privileged commands",
        ["disable"] = "Turn off privileged commands",
        ["configure"] = "Configure from the terminal",
        ["terminal"] = "Configure using terminal/console",
        ["exit"] = "Exit from the EXEC",
        ["logout"] = "Exit from the EXEC",
        ["quit"] = "Exit from the EXEC",
    };

    public void Register(ExecGrammar g)
    {
        g.Add(ExecScope.Exec, "enable", Enable, help: Help);
        g.Add(ExecScope.Privileged, "disable", Disable, help: Help);
        g.Add(ExecScope.Privileged, "configure terminal", Configure, help: Help);
        g.Add(ExecScope.Exec, "(exit|logout|quit)", Logoff, help: Help);
    }

    /// <summary>
    /// Asks for the enable password: with none configured Enter alone is accepted; a wrong one
    /// gets <c>Invalid password</c> and another try after a growing wait (<see cref="LoginPenalty"/>,
    /// shared with <c>login</c>); the third gets <c>Access denied.</c>.
    /// </summary>
    private static async Task Enable(ExecContext c)
    {
        var session = c.Session;
        if (session.Privilege >= 15) return;
        for (var attempt = 0; attempt < MaxEnableAttempts; attempt++)
        {
            session.Write("Password: ");
            var password = await session.Terminal.ReadLineAsync(secret: true, c.Cancel);
            if (password is null) { session.End(); return; }
            if (EnablePasswordMatches(c.Appliance.Config, password))
            {
                LoginPenalty.Succeeded(session);
                session.Privilege = 15;
                return;
            }
            await LoginPenalty.FailedAsync(c);
            if (attempt < MaxEnableAttempts - 1) session.WriteLine("Invalid password");
        }
        session.WriteLine("Access denied.");
    }

    public static bool EnablePasswordMatches(AsaConfig config, string password)
    {
        var stored = config.Get<EnablePassword>("15")?.Password ?? new PasswordHash(DefaultLines.EmptyEnableHash);
        return AsaPasswordHash.Verify(null, password, stored);
    }

    private static Task Disable(ExecContext c)
    {
        c.Session.Privilege = 1;
        return Task.CompletedTask;
    }

    private static Task Configure(ExecContext c)
    {
        c.Session.EnterConfig();
        return Task.CompletedTask;
    }

    private static Task Logoff(ExecContext c)
    {
        c.WriteLine();
        c.WriteLine("Logoff");
        c.WriteLine();
        c.Session.End();
        return Task.CompletedTask;
    }
}
