using System.Collections.Immutable;
using AsaEmu.ConfigModel.Model;
using AsaEmu.Crypto.Events;
using AsaEmu.Shell.Core;

namespace AsaEmu.Shell.Events;

/// <summary>The debug switches of <c>debug crypto ...</c> and <c>debug radius</c>, as <c>show debug</c> names them.</summary>
public enum DebugFeature { Ikev1, Ipsec, Radius, Ikev2 }

/// <summary>
/// The appliance's event bus (architecture principle 4). Crypto, Dataplane and the CLI publish
/// <see cref="AsaEvent"/>s through it as an <see cref="IEventSink"/>; it stamps them with the
/// clock, keeps the syslog ones in the logging buffer (<c>logging enable</c> + <c>logging buffered
/// LEVEL</c>, read from the current config) and fans every event out to its subscribers (the
/// sessions' terminals). Publishing never blocks: each subscriber has its own bounded queue.
/// The <c>debug crypto</c> levels live here so an engine can ask <see cref="IsEnabled"/> cheaply.
/// </summary>
public sealed class EventBus : IEventSink
{
    private readonly TimeProvider _clock;
    private readonly Func<AsaConfig> _config;
    private readonly int[] _debug = new int[Enum.GetValues<DebugFeature>().Length];
    private ImmutableList<EventSubscription> _subscribers = [];
    private sealed record Cached(AsaConfig Config, LoggingSettings Settings);
    private Cached? _cache;
    private long _bufferedCount, _consoleCount, _monitorCount, _trapCount, _asdmCount, _published;

    /// <summary>711001: a debug line copied into syslog by <c>logging debug-trace</c>.</summary>
    public static readonly SyslogId DebugTraceId = new(711001, 7);

    public EventBus(TimeProvider clock, Func<AsaConfig> config)
    {
        _clock = clock;
        _config = config;
    }

    public LoggingBuffer Buffer { get; } = new();

    /// <summary>The logging settings of the current config snapshot.</summary>
    public LoggingSettings Logging
    {
        get
        {
            var config = _config();
            var cache = Volatile.Read(ref _cache);
            if (cache is not null && ReferenceEquals(cache.Config, config)) return cache.Settings;
            var settings = LoggingSettings.From(config);
            Volatile.Write(ref _cache, new Cached(config, settings));
            return settings;
        }
    }

    // ---- debug levels ---------------------------------------------------------------------------

    /// <summary>The level a <c>debug crypto</c> feature is on at; 0 when off.</summary>
    public int DebugLevel(DebugFeature feature) => Volatile.Read(ref _debug[(int)feature]);

    /// <summary>Turns a feature on at <paramref name="level"/> (1-255), or off with 0.</summary>
    public void SetDebug(DebugFeature feature, int level) => Volatile.Write(ref _debug[(int)feature], Math.Clamp(level, 0, 255));

    /// <summary>AsaEmu's <c>debug crypto explain</c>: debug lines are followed by the config lines that decided them.</summary>
    public bool Explain
    {
        get => Volatile.Read(ref _explain);
        set => Volatile.Write(ref _explain, value);
    }

    private bool _explain;

    /// <summary><c>undebug all</c> / <c>no debug all</c>.</summary>
    public void DebugOff()
    {
        foreach (var f in Enum.GetValues<DebugFeature>()) SetDebug(f, 0);
        Explain = false;
    }

    public bool IsEnabled(EventCategory category, int level) => category switch
    {
        EventCategory.Isakmp => level <= DebugLevel(DebugFeature.Ikev1),
        EventCategory.Ipsec => level <= DebugLevel(DebugFeature.Ipsec),
        EventCategory.Radius => level <= DebugLevel(DebugFeature.Radius),
        EventCategory.Ikev2 => level <= DebugLevel(DebugFeature.Ikev2),
        _ => false,
    };

    /// <summary><c>debug crypto condition ...</c>: which negotiations the crypto debug lines are shown for.</summary>
    public DebugConditions Conditions { get; } = new();

    /// <summary>Whether a debug command shows <paramref name="e"/> (and the debug conditions let it through).</summary>
    public bool ShowsAsDebug(AsaEvent e) => e.Debug && IsEnabled(e.Category, e.Level) && Conditions.Allows(e);

    // ---- publishing ----------------------------------------------------------------------------

    /// <summary>Events published since boot (debug chatter nobody wanted is not counted).</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Messages that reached each destination, for <c>show logging</c>.</summary>
    public long BufferedCount => Interlocked.Read(ref _bufferedCount);
    public long ConsoleCount => Interlocked.Read(ref _consoleCount);
    public long MonitorCount => Interlocked.Read(ref _monitorCount);
    public long TrapCount => Interlocked.Read(ref _trapCount);
    public long AsdmCount => Interlocked.Read(ref _asdmCount);

    public void Publish(AsaEvent e)
    {
        try
        {
            if (e.Syslog is null && !ShowsAsDebug(e)) return;
            if (e.Timestamp is null) e = e with { Timestamp = _clock.Now };
            Interlocked.Increment(ref _published);
            if (e.Syslog is { } id)
            {
                var logging = Logging;
                if (logging.Sends(logging.Buffered, id.Severity))
                {
                    Buffer.Add(EventFormat.SyslogLine(e, logging.Timestamp), logging.BufferSize);
                    Interlocked.Increment(ref _bufferedCount);
                }
                if (logging.Sends(logging.Console, id.Severity)) Interlocked.Increment(ref _consoleCount);
                if (logging.Sends(logging.Monitor, id.Severity)) Interlocked.Increment(ref _monitorCount);
                if (logging.Sends(logging.Trap, id.Severity)) Interlocked.Increment(ref _trapCount);
                if (logging.Sends(logging.Asdm, id.Severity)) Interlocked.Increment(ref _asdmCount);
            }
            if (ShowsAsDebug(e) && Logging.DebugTrace)
                foreach (var line in EventFormat.DebugLines(e, Explain))
                    Publish(AsaEvent.Log(EventCategory.System, DebugTraceId, line) with { Timestamp = e.Timestamp });
            foreach (var s in Volatile.Read(ref _subscribers)) s.Offer(e);
        }
        catch (Exception)
        {
            // Publishing never throws into an engine or a packet path.
        }
    }

    /// <summary><c>clear logging buffer</c>.</summary>
    public void ClearBuffer() => Buffer.Clear();

    // ---- subscribers -----------------------------------------------------------------------------

    /// <summary>
    /// Adds a subscriber: <paramref name="wants"/> is asked on the publisher's thread (keep it
    /// cheap), <paramref name="deliver"/> runs on the subscription's own pump, in order.
    /// </summary>
    public EventSubscription Subscribe(string name, Func<AsaEvent, bool> wants, Action<AsaEvent> deliver,
        int capacity = EventSubscription.DefaultCapacity) =>
        Subscribe(name, wants, e => { deliver(e); return ValueTask.CompletedTask; }, capacity);

    /// <summary>The same with a delivery that sends (a terminal's): the pump awaits each before the next.</summary>
    public EventSubscription Subscribe(string name, Func<AsaEvent, bool> wants, Func<AsaEvent, ValueTask> deliver,
        int capacity = EventSubscription.DefaultCapacity)
    {
        var s = new EventSubscription(this, name, wants, deliver, capacity);
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(s));
        return s;
    }

    public IReadOnlyList<EventSubscription> Subscribers => Volatile.Read(ref _subscribers);

    internal void Remove(EventSubscription s) => ImmutableInterlocked.Update(ref _subscribers, list => list.Remove(s));
}
