namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// The local users' lockout state (<c>aaa local authentication attempts max-fail N</c>):
/// <c>show aaa local user [locked]</c> lists the users with failed attempts or a lock;
/// <c>clear aaa local user lockout {all | username U}</c> unlocks and zeroes the count (113007 for
/// each user unlocked); <c>clear aaa local user fail-attempts {all | username U}</c> zeroes the count
/// and leaves a lock. Both clear commands answer nothing, as the ASA [M].
/// </summary>
public sealed class AaaLocalUserCommands : IExecArea
{
    /// <summary>The table's heading [M].</summary>
    public const string Heading = "Lock-time Failed-attempts Locked User";

    /// <summary>The <c>?</c> help of the words [M].</summary>
    private static readonly Dictionary<string, string> Help = new()
    {
        ["local"] = "Local user database",
        ["user"] = "Local users' failed authentication attempts and lockout status",
        ["locked"] = "Show only the locked-out users",
        ["lockout"] = "Unlock locked-out users",
        ["fail-attempts"] = "Clear the failed authentication attempts of users",
        ["all"] = "All users",
        ["username"] = "One user",
    };

    public void Register(ExecGrammar g)
    {
        g.Add(ExecScope.PrivilegedAndConfig, "show aaa local user [locked]", Show, help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "clear aaa local user lockout (all|username <word:name>)", c =>
        {
            foreach (var e in c.Appliance.LocalUsers.ClearLockout(c.Args.OptStr("name"), c.Session.User)) c.Appliance.Events.Publish(e);
            return Task.CompletedTask;
        }, help: Help);
        g.Add(ExecScope.PrivilegedAndConfig, "clear aaa local user fail-attempts (all|username <word:name>)", c =>
        {
            c.Appliance.LocalUsers.ClearFailedAttempts(c.Args.OptStr("name"));
            return Task.CompletedTask;
        }, help: Help);
    }

    private static Task Show(ExecContext c)
    {
        c.WriteLine(Heading);
        // The lock time is not kept: locks last until cleared, so the ASA shows "-" [M].
        foreach (var u in c.Appliance.LocalUsers.Status(c.Appliance.Config, lockedOnly: c.Args.Has("locked")))
            c.WriteLine($"{"-",9} {u.FailedAttempts,15} {(u.Locked ? "Y" : "N"),6} {u.Name}");
        return Task.CompletedTask;
    }
}
