using System.Runtime.CompilerServices;
using AsaEmu.Shell.Sessions;

namespace AsaEmu.Shell.Events;

/// <summary>
/// What the event side knows about a CLI session, kept beside it rather than in it: where it comes
/// from (for the 111xxx syslog messages), whether it is the console, <c>terminal monitor</c>, the
/// command history, and the mode and privilege seen after its last command (to log the changes).
/// </summary>
public sealed class SessionState
{
    public const int HistorySize = 10;

    private static readonly ConditionalWeakTable<CliSession, SessionState> States = new();
    private readonly Lock _gate = new();
    private readonly Queue<string> _history = new();

    public static SessionState Of(CliSession session) => States.GetValue(session, _ => new SessionState());

    /// <summary><c>console</c>, or the client's address for SSH and telnet sessions.</summary>
    public string Origin { get; set; } = "console";

    /// <summary>The console always shows debug output; other sessions after <c>terminal monitor</c>.</summary>
    public bool IsConsole { get; set; } = true;

    private volatile bool _monitor;

    /// <summary><c>terminal monitor</c> is on (<c>terminal no monitor</c> turns it off). Read by publishers' threads.</summary>
    public bool Monitor
    {
        get => _monitor;
        set => _monitor = value;
    }

    /// <summary>Whether debug and syslog lines reach this session's terminal.</summary>
    public bool ShowsEvents => IsConsole || Monitor;

    internal bool WasConfig { get; set; }
    internal int? LastPrivilege { get; set; }

    /// <summary>The last <see cref="HistorySize"/> lines typed, oldest first (<c>show history</c>).</summary>
    public IReadOnlyList<string> History
    {
        get { lock (_gate) return [.. _history]; }
    }

    internal void Remember(string line)
    {
        lock (_gate)
        {
            _history.Enqueue(line);
            while (_history.Count > HistorySize) _history.Dequeue();
        }
    }
}
