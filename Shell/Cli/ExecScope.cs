namespace AsaEmu.Shell.Cli;

/// <summary>Where an EXEC command may be typed.</summary>
[Flags]
public enum ExecScope
{
    /// <summary>User EXEC, <c>ciscoasa&gt;</c>.</summary>
    User = 1,
    /// <summary>Privileged EXEC, <c>ciscoasa#</c>.</summary>
    Privileged = 2,
    /// <summary>Any config mode: the ASA runs EXEC commands there without <c>do</c>.</summary>
    Config = 4,
    Exec = User | Privileged,
    PrivilegedAndConfig = Privileged | Config,
    Everywhere = User | Privileged | Config,
}
