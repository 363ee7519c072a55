namespace AsaEmu.ConfigModel.Model;

/// <summary>
/// <c>aaa authorization command {LOCAL | GROUP [LOCAL]}</c>: command authorization. With the local
/// database (the only one AsaEmu has) each command is checked against the session's privilege
/// level; without it the ASA uses levels 0 and 15 only [C: ASA configuration guide, "Configuring
/// Local Command Authorization"].
/// </summary>
public sealed record AaaCommandAuthorization(string ServerGroup, bool LocalFallback) : ConfigItem, IRendered
{
    public override string Key => "";

    /// <summary>Commands are authorized by the local privilege levels (a TACACS+ group is not emulated; its LOCAL fallback is).</summary>
    public bool IsLocal => ServerGroup == "LOCAL" || LocalFallback;

    public IEnumerable<string> Render(RenderContext c) =>
        [$"aaa authorization command {ServerGroup}{(LocalFallback ? " LOCAL" : "")}"];
}

/// <summary>
/// <c>privilege {show|clear|cmd} level N [mode {exec|configure}] command COMMAND</c>: the level
/// one form of a command needs. <c>show</c> is <c>show COMMAND ...</c> (and <c>show running-config
/// COMMAND</c>), <c>clear</c> is <c>clear COMMAND ...</c> and <c>clear configure COMMAND</c>,
/// <c>cmd</c> the command itself and its <c>no</c> form [C]. No mode: both modes.
/// </summary>
public sealed record CommandPrivilege(string Variant, string? Mode, string Command, int Level) : ConfigItem, IRendered
{
    public const string Show = "show", Clear = "clear", Cmd = "cmd";
    public const string Exec = "exec", Configure = "configure";

    public static readonly IReadOnlyList<string> Variants = [Show, Clear, Cmd];

    public override string Key => KeyOf(Variant, Mode, Command);

    public static string KeyOf(string variant, string? mode, string command) => $"{variant} {mode ?? "-"} {command.ToLowerInvariant()}";

    /// <summary>9.x shows the mode as <c>exec</c> or <c>configure</c>, however it was typed [M: seen in configs].</summary>
    public IEnumerable<string> Render(RenderContext c) =>
        [$"privilege {Variant} level {Level}{(Mode is null ? "" : $" mode {Mode}")} command {Command}"];
}

/// <summary>
/// The level each command form needs under local command authorization: a <c>privilege</c> line
/// for it, else the ASA's default, in this one table. By default "the following commands are
/// assigned to privilege level 0. All other commands are at level 15" [C: ASA configuration
/// guide, "Default Command Privilege Levels"]; the lines marked [M] are AsaEmu's additions so
/// a session can always leave a mode.
/// </summary>
public static class CommandLevels
{
    public const int Highest = 15;

    private static readonly (string Variant, string Command, string? Mode, int Level)[] Defaults =
    [
        (CommandPrivilege.Show, "checksum", null, 0),
        (CommandPrivilege.Show, "curpriv", null, 0),
        (CommandPrivilege.Cmd, "enable", CommandPrivilege.Exec, 0),
        (CommandPrivilege.Cmd, "help", null, 0),
        (CommandPrivilege.Show, "history", null, 0),
        (CommandPrivilege.Cmd, "login", null, 0),
        (CommandPrivilege.Cmd, "logout", null, 0),
        (CommandPrivilege.Cmd, "pager", null, 0),
        (CommandPrivilege.Show, "pager", null, 0),
        (CommandPrivilege.Clear, "pager", null, 0),
        (CommandPrivilege.Cmd, "quit", null, 0),
        (CommandPrivilege.Show, "version", null, 0),
        (CommandPrivilege.Cmd, "exit", null, 0), // [M]
        (CommandPrivilege.Cmd, "end", null, 0), // [M]
        (CommandPrivilege.Cmd, "disable", null, 0), // [M]
    ];

    /// <summary>The level <c>VARIANT COMMAND</c> typed in <paramref name="mode"/> needs in <paramref name="config"/>.</summary>
    public static int Required(AsaConfig config, string variant, string command, string mode)
    {
        if (config.Get<CommandPrivilege>(CommandPrivilege.KeyOf(variant, mode, command)) is { } exact) return exact.Level;
        if (config.Get<CommandPrivilege>(CommandPrivilege.KeyOf(variant, null, command)) is { } any) return any.Level;
        return Default(variant, command, mode);
    }

    public static int Default(string variant, string command, string mode)
    {
        foreach (var d in Defaults)
            if (d.Variant == variant && (d.Mode is null || d.Mode == mode) && d.Command.Equals(command, StringComparison.OrdinalIgnoreCase))
                return d.Level;
        return Highest;
    }

    /// <summary>Whether command authorization by local levels is on.</summary>
    public static bool Enforced(AsaConfig config) => config.Get<AaaCommandAuthorization>() is { IsLocal: true };
}
