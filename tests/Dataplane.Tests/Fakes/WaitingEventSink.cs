using System.Threading.Channels;
using AsaEmu.Crypto.Events;

namespace AsaEmu.Dataplane.Tests.Fakes;

/// <summary>An event sink with every debug on that keeps the events in order and lets a test await one.</summary>
public sealed class WaitingEventSink : IEventSink
{
    private readonly Channel<AsaEvent> _unread = Channel.CreateUnbounded<AsaEvent>();
    private readonly Lock _gate = new();
    private readonly List<AsaEvent> _all = [];

    public bool IsEnabled(EventCategory category, int level) => true;

    public void Publish(AsaEvent e)
    {
        lock (_gate) _all.Add(e);
        _unread.Writer.TryWrite(e);
    }

    public IReadOnlyList<AsaEvent> Events
    {
        get { lock (_gate) return [.. _all]; }
    }

    /// <summary>The syslog events published so far, as their texts.</summary>
    public IReadOnlyList<string> Syslogs => [.. Events.Where(e => e.Syslog is not null).Select(e => $"{e.Syslog!.Value.Id}: {e.Text}")];

    /// <summary>Waits (up to 10 s) for the next event, from those not awaited yet, that <paramref name="matches"/>.</summary>
    public async Task<AsaEvent> WaitForAsync(Func<AsaEvent, bool> matches)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var e = await _unread.Reader.ReadAsync(timeout.Token);
            if (matches(e)) return e;
        }
    }
}
