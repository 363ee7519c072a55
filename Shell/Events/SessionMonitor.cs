using AsaEmu.Crypto.Events;
using AsaEmu.Shell.Cli;
using AsaEmu.Shell.Core;
using AsaEmu.Shell.Sessions;

namespace AsaEmu.Shell.Events;

/// <summary>
/// Connects a CLI session to the event bus: debug lines (and syslog lines for <c>logging console</c>
/// / <c>logging monitor</c>) are written to its terminal as they happen, on the console always and
/// on SSH/telnet sessions after <c>terminal monitor</c>. The session is given a terminal that
/// serialises these writes with its own, so a line never lands inside another.
/// <code>
///   using var monitor = SessionMonitor.Open(appliance, terminal, console: false, origin: "198.51.100.7");
///   await monitor.Session.RunAsync(cancel);
/// </code>
/// </summary>
public sealed class SessionMonitor : IDisposable
{
    private readonly EventBus _bus;
    private readonly SerialTerminal _terminal;
    private readonly SessionState _state;

    private SessionMonitor(Appliance appliance, SerialTerminal terminal, Func<ITerminal, CliSession> create, bool console, string origin,
        SessionTransport? transport, Func<SshAlgorithms?>? ssh)
    {
        _bus = appliance.Events;
        _terminal = terminal;
        _sessions = appliance.Sessions;
        Session = create(terminal);
        _state = SessionState.Of(Session);
        _state.IsConsole = console;
        _state.Origin = origin;
        _sessions.Add(Session, transport ?? (console ? SessionTransport.Console : SessionTransport.Telnet), origin, appliance.Clock.Now, ssh);
        Subscription = _bus.Subscribe(console ? "console" : $"vty {origin}", Wants, DeliverAsync);
    }

    private readonly SessionRegistry _sessions;

    /// <summary>
    /// Creates a session on <paramref name="terminal"/> (wrapped so event lines and the session's output take turns), subscribes
    /// it and lists it among the open sessions (<paramref name="transport"/>: telnet when not the console and not given).
    /// </summary>
    public static SessionMonitor Open(Appliance appliance, ITerminal terminal, bool console, string origin = "console", ExecGrammar? exec = null,
        SessionTransport? transport = null, Func<SshAlgorithms?>? ssh = null) =>
        new(appliance, new SerialTerminal(terminal), t => new CliSession(appliance, t, exec), console, origin, transport, ssh);

    /// <summary>
    /// Subscribes a session made elsewhere. Event lines are written to its terminal from the
    /// subscription's thread, so that terminal's <c>Write</c> must be safe to call concurrently.
    /// </summary>
    public static SessionMonitor Attach(CliSession session, bool console, string origin = "console") =>
        new(session.Appliance, new SerialTerminal(session.Terminal), _ => session, console, origin, null, null);

    public CliSession Session { get; }

    public EventSubscription Subscription { get; }

    /// <summary>Waits until every event published so far is on the terminal.</summary>
    public Task WaitIdleAsync() => Subscription.WaitIdleAsync();

    private bool Wants(AsaEvent e)
    {
        if (!_state.ShowsEvents) return false;
        return _bus.ShowsAsDebug(e) || SendsSyslog(e);
    }

    private bool SendsSyslog(AsaEvent e)
    {
        if (e.Syslog is not { } id) return false;
        var logging = _bus.Logging;
        return logging.Sends(_state.IsConsole ? logging.Console : logging.Monitor, id.Severity);
    }

    private ValueTask DeliverAsync(AsaEvent e)
    {
        var lines = new List<string>();
        if (_bus.ShowsAsDebug(e)) lines.AddRange(EventFormat.DebugLines(e, _bus.Explain));
        if (SendsSyslog(e)) lines.Add(EventFormat.SyslogLine(e, _bus.Logging.Timestamp));
        return lines.Count > 0 ? _terminal.WriteOutOfBandAsync(lines) : ValueTask.CompletedTask;
    }

    /// <summary>Writes whole lines to the terminal between the session's writes, as event lines are, and sends them.</summary>
    public ValueTask WriteOutOfBandAsync(IEnumerable<string> lines) => _terminal.WriteOutOfBandAsync(lines);

    public void Dispose()
    {
        _sessions.Remove(Session);
        Subscription.Dispose();
    }

    /// <summary>
    /// A terminal whose writes, the session's and the bus's, take turns. Writing only adds to the inner
    /// terminal's buffer, under the lock; sending happens outside it, so a client slow to take output
    /// (the SSH window) holds up no writer.
    /// </summary>
    private sealed class SerialTerminal(ITerminal inner) : ITerminal
    {
        private readonly Lock _gate = new();

        public void Write(string text)
        {
            lock (_gate) inner.Write(text);
        }

        public ValueTask FlushAsync(CancellationToken cancel = default) => inner.FlushAsync(cancel);

        public ValueTask<string?> ReadLineAsync(bool secret, CancellationToken cancel) => inner.ReadLineAsync(secret, cancel);

        public bool Interactive => inner.Interactive;

        public ValueTask<TerminalKey?> ReadKeyAsync(CancellationToken cancel) => inner.ReadKeyAsync(cancel);

        public async ValueTask WriteOutOfBandAsync(IEnumerable<string> lines)
        {
            lock (_gate)
                foreach (var line in lines) inner.Write(line + "\r\n");
            await inner.FlushAsync();
        }
    }
}
