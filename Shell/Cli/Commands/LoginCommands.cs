using AsaEmu.ConfigModel.Model;
using AsaEmu.ConfigModel.Passwords;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// <c>login</c> (reference §1.3): <c>Username:</c> and <c>Password:</c> checked against the
/// local <c>username</c> entries; the session takes the user's name and privilege (at 2 or more
/// the prompt ends in <c>#</c>). Netmiko sends it when it has no enable secret. A wrong name or
/// password gets another try; the third failure ends the attempt.
/// </summary>
public sealed class LoginCommands : IExecArea
{
    public const int MaxAttempts = 3;
    public const string UsernamePrompt = "Username: ";
    public const string PasswordPrompt = "Password: ";
    /// <summary>After a failed try [M].</summary>
    public const string InvalidPassword = "Invalid password";
    /// <summary>After the last failed try [M].</summary>
    public const string LoginFailed = "Login failed";

    private static readonly Dictionary<string, string> Help = new()
    {
        ["login"] = "Log in as a particular user",
    };

    public void Register(ExecGrammar g)
    {
        g.Add(ExecScope.Exec, "login", Login, help: Help);
    }

    private static async Task Login(ExecContext c)
    {
        var session = c.Session;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            session.Write(UsernamePrompt);
            var name = await session.Terminal.ReadLineAsync(secret: false, c.Cancel);
            if (name is null) { session.End(); return; }
            session.Write(PasswordPrompt);
            var password = await session.Terminal.ReadLineAsync(secret: true, c.Cancel);
            if (password is null) { session.End(); return; }
            if (Authenticate(c.Appliance.Config, name.Trim(), password) is { } user)
            {
                session.Username = user.Name;
                session.Privilege = Math.Max(1, user.Privilege);
                return;
            }
            session.WriteLine(attempt < MaxAttempts ? InvalidPassword : LoginFailed);
        }
    }

    /// <summary>The local user when <paramref name="password"/> is theirs (any password for <c>nopassword</c>), else null.</summary>
    public static Username? Authenticate(AsaConfig config, string name, string password)
    {
        if (name.Length == 0) return null;
        var user = config.Get<Username>(name);
        if (user is null) return null;
        if (user.Password is null) return user;
        return user.Password.Format == "encrypted" && AsaPasswordHash.Verify(user.Name, password, user.Password.Hash) ? user : null;
    }
}
