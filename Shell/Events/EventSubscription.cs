using System.Threading.Channels;
using AsaEmu.Crypto.Events;

namespace AsaEmu.Shell.Events;

/// <summary>
/// One subscriber of the <see cref="EventBus"/>: a bounded queue filled by publishers without
/// waiting, and a pump that hands each event to the subscriber's delivery in order. When the
/// subscriber is slower than the publishers and its queue is full, new events are dropped for it
/// (and counted) instead of holding anyone up. Dispose to unsubscribe.
/// </summary>
public sealed class EventSubscription : IDisposable
{
    public const int DefaultCapacity = 4096;

    private readonly EventBus _bus;
    private readonly Channel<AsaEvent> _queue;
    private readonly Func<AsaEvent, bool> _wants;
    private readonly Action<AsaEvent> _deliver;
    private long _accepted, _delivered, _dropped;

    internal EventSubscription(EventBus bus, string name, Func<AsaEvent, bool> wants, Action<AsaEvent> deliver, int capacity)
    {
        _bus = bus;
        Name = name;
        _wants = wants;
        _deliver = deliver;
        _queue = Channel.CreateBounded<AsaEvent>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails at once, and the event is counted as dropped
            SingleReader = true,
            SingleWriter = false,
        });
        Pump = Task.Run(PumpAsync);
    }

    public string Name { get; }

    /// <summary>Events this subscriber missed because its queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Events handed to the delivery so far.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Ends when the subscription is disposed and its queue drained.</summary>
    public Task Pump { get; }

    /// <summary>Called by publishers: never blocks.</summary>
    internal void Offer(AsaEvent e)
    {
        bool wanted;
        try { wanted = _wants(e); }
        catch (Exception) { wanted = false; }
        if (!wanted) return;
        if (_queue.Writer.TryWrite(e)) Interlocked.Increment(ref _accepted);
        else Interlocked.Increment(ref _dropped);
    }

    private async Task PumpAsync()
    {
        await foreach (var e in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try { _deliver(e); }
            catch (Exception) { /* a failing subscriber (a closed terminal) loses the event, nothing else */ }
            Interlocked.Increment(ref _delivered);
        }
    }

    /// <summary>Waits until every event accepted so far has been delivered (tests, and before a session ends).</summary>
    public async Task WaitIdleAsync(TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (Interlocked.Read(ref _delivered) < Interlocked.Read(ref _accepted) && !Pump.IsCompleted && DateTime.UtcNow < until)
            await Task.Delay(1).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _bus.Remove(this);
        _queue.Writer.TryComplete();
    }
}
