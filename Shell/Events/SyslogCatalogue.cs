using AsaEmu.ConfigModel.Rendering;
using AsaEmu.Crypto.Events;

namespace AsaEmu.Shell.Events;

/// <summary>
/// The syslog messages the shell raises itself, with the ASA catalogue's ids, severities and
/// wording. The wording is from memory of the catalogue [M] and kept here so it is easy to fix.
/// </summary>
public static class SyslogCatalogue
{
    /// <summary>111008: a command that changes something was executed.</summary>
    public static readonly SyslogId CommandExecuted = new(111008, 5);
    /// <summary>111009: a show-type command was executed (debugging level).</summary>
    public static readonly SyslogId ShowExecuted = new(111009, 7);
    /// <summary>111001: the configuration is being written.</summary>
    public static readonly SyslogId BeginWrite = new(111001, 5);
    /// <summary>111004: writing the configuration ended.</summary>
    public static readonly SyslogId EndWrite = new(111004, 5);
    /// <summary>111007: configure mode was entered.</summary>
    public static readonly SyslogId BeginConfigure = new(111007, 5);
    /// <summary>111005: configure mode was left.</summary>
    public static readonly SyslogId EndConfigure = new(111005, 5);
    /// <summary>605005: an SSH or telnet login was permitted.</summary>
    public static readonly SyslogId LoginPermitted = new(605005, 6);
    /// <summary>605004: an SSH or telnet login was denied.</summary>
    public static readonly SyslogId LoginDenied = new(605004, 6);
    /// <summary>502103: the privilege level of a session changed (<c>enable</c>, <c>disable</c>).</summary>
    public static readonly SyslogId PrivilegeChanged = new(502103, 5);

    /// <summary>Commands logged as 111009 (they only read): show, more, dir, ping and the like.</summary>
    private static readonly string[] ReadOnlyCommands = ["show", "more", "dir", "ping", "traceroute", "help", "history"];

    /// <summary>The first word of a typed command written out (<c>sh</c> → <c>show</c>), when it abbreviates a read-only command.</summary>
    public static bool IsReadOnly(string line)
    {
        var first = line.TrimStart().Split(' ', 2)[0];
        if (first.Length == 0) return false;
        return ReadOnlyCommands.Any(c => c.StartsWith(first, StringComparison.OrdinalIgnoreCase) && first.Length >= 2);
    }

    /// <summary>
    /// <c>User 'enable_15' executed the 'configure terminal' command.</c> (111008), or for a show
    /// command <c>User 'enable_15' executed cmd: show running-config</c> (111009). Secrets in the
    /// line are masked, as the ASA logs <c>executed the 'username test password ***** privilege 15' command.</c>
    /// </summary>
    public static AsaEvent Executed(string user, string line)
    {
        var command = SecretMasking.Line(line.Trim());
        return IsReadOnly(command)
            ? AsaEvent.Log(EventCategory.Cli, ShowExecuted, $"User '{user}' executed cmd: {command}")
            : AsaEvent.Log(EventCategory.Cli, CommandExecuted, $"User '{user}' executed the '{command}' command.");
    }

    /// <summary><c>Begin configuration: console writing to memory</c> (111001).</summary>
    public static AsaEvent BeginWriting(string from) =>
        AsaEvent.Log(EventCategory.Cli, BeginWrite, $"Begin configuration: {from} writing to memory");

    /// <summary><c>console end configuration: OK</c> (111004), or <c>FAILED</c>.</summary>
    public static AsaEvent EndWriting(string from, bool ok) =>
        AsaEvent.Log(EventCategory.Cli, EndWrite, $"{from} end configuration: {(ok ? "OK" : "FAILED")}");

    /// <summary><c>Begin configuration: console reading from terminal</c> (111007).</summary>
    public static AsaEvent BeginConfiguring(string from) =>
        AsaEvent.Log(EventCategory.Cli, BeginConfigure, $"Begin configuration: {from} reading from terminal");

    /// <summary><c>console end configuration: OK</c> (111005).</summary>
    public static AsaEvent EndConfiguring(string from) =>
        AsaEvent.Log(EventCategory.Cli, EndConfigure, $"{from} end configuration: OK");

    /// <summary><c>Login permitted from 198.51.100.7/51234 to outside:203.0.113.1/ssh for user "admin"</c> (605005).</summary>
    public static AsaEvent Login(string source, int sourcePort, string nameIf, string local, string service, string user) =>
        AsaEvent.Log(EventCategory.Cli, LoginPermitted,
            $"Login permitted from {source}/{sourcePort} to {nameIf}:{local}/{service} for user \"{user}\"");

    /// <summary><c>Login denied from 198.51.100.7/51234 to outside:203.0.113.1/ssh for user "admin"</c> (605004).</summary>
    public static AsaEvent LoginRefused(string source, int sourcePort, string nameIf, string local, string service, string user) =>
        AsaEvent.Log(EventCategory.Cli, LoginDenied,
            $"Login denied from {source}/{sourcePort} to {nameIf}:{local}/{service} for user \"{user}\"");

    /// <summary><c>User priv level changed: Uname: enable_15 From: 1 To: 15</c> (502103).</summary>
    public static AsaEvent Privilege(string user, int from, int to) =>
        AsaEvent.Log(EventCategory.Cli, PrivilegeChanged, $"User priv level changed: Uname: {user} From: {from} To: {to}");
}
