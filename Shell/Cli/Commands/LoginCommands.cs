using AsaEmu.Crypto.Aaa;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// <c>login</c> (reference §1.3): <c>Username:</c> and <c>Password:</c> checked against the
/// local <c>username</c> entries through the local user database (so a locked user is refused and
/// failures count toward the lockout); the session takes the user's name and privilege (at 2 or
/// more the prompt ends in <c>#</c>). Netmiko sends it when it has no enable secret. A wrong name or
/// password gets another try after a growing wait (<see cref="LoginPenalty"/>); the third failure
/// ends the attempt. A <c>nopassword</c> user logs in here with any password: the ASA documents
/// such a user as one who "does not require a password" and the <c>login</c> command as using
/// the local database [C: ASA 8.4 CLI guide, "Setting a User Password and Privilege Level"];
/// SSH, telnet and XAUTH refuse them.
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
            if (c.Appliance.Authenticate(new LoginAttempt(name.Trim(), password, Source: null, LoginService.LoginCommand)).User is { } user)
            {
                LoginPenalty.Succeeded(session);
                session.Username = user.Name;
                session.Privilege = Math.Max(1, user.Privilege);
                return;
            }
            await LoginPenalty.FailedAsync(c);
            session.WriteLine(attempt < MaxAttempts ? InvalidPassword : LoginFailed);
        }
    }
}
