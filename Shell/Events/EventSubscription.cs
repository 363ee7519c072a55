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
    private readonly Func<AsaEvent, ValueTask> _deliver;
    private long _accepted, _delivered, _dropped;
    /// <summary>Who waits for the deliveries to reach a count (<see cref="WaitIdleAsync"/>), woken by the pump.</summary>
    private readonly List<(long Count, TaskCompletionSource Done)> _idleWaiters = [];

    internal EventSubscription(EventBus bus, string name, Func<AsaEvent, bool> wants, Func<AsaEvent, ValueTask> deliver, int capacity)
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
        // Counted before it is queued, so a waiter never misses an event the pump already took.
        Interlocked.Increment(ref _accepted);
        if (!_queue.Writer.TryWrite(e))
        {
            Interlocked.Decrement(ref _accepted);
            Interlocked.Increment(ref _dropped);
        }
    }

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var e in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                try { await _deliver(e).ConfigureAwait(false); }
                catch (Exception) { /* a failing subscriber (a closed terminal) loses the event, nothing else */ }
                WakeIdleWaiters(Interlocked.Increment(ref _delivered));
            }
        }
        finally
        {
            WakeIdleWaiters(long.MaxValue);
        }
    }

    private void WakeIdleWaiters(long delivered)
    {
        lock (_idleWaiters)
        {
            for (var i = _idleWaiters.Count - 1; i >= 0; i--)
            {
                if (_idleWaiters[i].Count > delivered) continue;
                _idleWaiters[i].Done.TrySetResult();
                _idleWaiters.RemoveAt(i);
            }
        }
    }

    /// <summary>
    /// Waits until every event accepted so far has been delivered (tests, and before a session ends),
    /// or <paramref name="timeout"/> (5 s) has passed; the pump signals each delivery.
    /// </summary>
    public async Task WaitIdleAsync(TimeSpan? timeout = null)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_idleWaiters)
        {
            var target = Interlocked.Read(ref _accepted);
            if (Interlocked.Read(ref _delivered) >= target || Pump.IsCompleted) return;
            _idleWaiters.Add((target, done));
        }
        try { await done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(5)).ConfigureAwait(false); }
        catch (TimeoutException) { }
    }

    public void Dispose()
    {
        _bus.Remove(this);
        _queue.Writer.TryComplete();
    }
}
