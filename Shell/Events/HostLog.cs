using AsaEmu.Crypto.Events;

namespace AsaEmu.Shell.Events;

/// <summary>
/// AsaEmu's own messages, which no ASA message ID fits: problems of the host it runs on (an address it
/// lacks, a port in use, no TUN device), the SSH and telnet servers' diagnostics, and the boot's config
/// diagnostics. They go on the event bus like any syslog message: the logging buffer shows them as
/// <c>%ASAEMU-3: IKE: cannot listen on ...</c> (a prefix no tool takes for the ASA's), a daemon's stderr
/// as its syslog lines, and the console's stderr the host problems as <c>asaemu: ...</c>, as always.
/// </summary>
public static class HostLog
{
    /// <summary>The ID these messages carry: none of the ASA's.</summary>
    public const int NoAsaId = 0;

    /// <summary>A problem of the host (error level): what could not be listened on or opened.</summary>
    public static AsaEvent Problem(string text) => AsaEvent.Log(EventCategory.System, new SyslogId(NoAsaId, 3), text);

    /// <summary>A line of the SSH or telnet server's diagnostics (debugging level): connections, logins, protocol errors.</summary>
    public static AsaEvent Diagnostic(string text) => AsaEvent.Log(EventCategory.System, new SyslogId(NoAsaId, 7), text);

    /// <summary>A diagnostic of the config the appliance booted from (<c>ERROR:</c> at error level, <c>WARNING:</c> at warning level).</summary>
    public static AsaEvent Config(string text, bool error) => AsaEvent.Log(EventCategory.Cli, new SyslogId(NoAsaId, error ? 3 : 4), text);

    public static bool IsHostMessage(AsaEvent e) => e.Syslog is { Id: NoAsaId };

    /// <summary>A problem of the host, as the console's stderr shows it.</summary>
    public static bool IsProblem(AsaEvent e) => e is { Category: EventCategory.System, Syslog: { Id: NoAsaId, Severity: <= 4 } };

    /// <summary>Says what the servers say, on <paramref name="events"/>.</summary>
    public static Action<string> Diagnostics(IEventSink events) => text => events.Publish(Diagnostic(text));
}
