using System.Net;
using System.Threading.Channels;

namespace AsaEmu.Dataplane.Ike;

/// <summary>
/// The IKE control loop's work in three queues, served strictly in this order:
/// <list type="number">
/// <item><b>Control</b>: Diffie-Hellman results, timer ticks, admin commands (<c>clear crypto ...</c>).
/// Lossless: never full, never shed. Unbounded only because its producers are: DH results are at most
/// the DH work in flight, ticks come once a second, commands from the CLI one at a time per session.</item>
/// <item><b>Under way</b>: datagrams of negotiations and sessions under way (a responder cookie). Bounded; shed when full.</item>
/// <item><b>First messages</b>: everything else a flood can send. Bounded; shed when full.</item>
/// </list>
/// A flood of datagrams thus never delays, let alone loses, a DH result or a tick, and a flood of first
/// messages never delays the negotiations under way. The two bounded queues are served round robin by
/// source address (<see cref="FairQueue{T}"/>): a flood from a few addresses holds back another address's datagram by one of its own each, not by all it queued, and cannot
/// shut it out when full. Any number of writers; one reader.
/// </summary>
public sealed class IkeInbox<T>
{
    public const int DefaultCapacity = 4096;

    // Not SingleReader: that implementation cannot count its items (Count).
    private readonly Channel<T> _control = Channel.CreateUnbounded<T>();
    private readonly FairQueue<T> _underWay, _firstMessages;

    /// <summary>One count per item in any queue: the reader waits on it, then takes from the first queue that has one.</summary>
    private readonly SemaphoreSlim _items = new(0);
    private long _shed;

    public IkeInbox(int underWayCapacity = DefaultCapacity, int firstMessageCapacity = DefaultCapacity)
    {
        _underWay = new FairQueue<T>(underWayCapacity);
        _firstMessages = new FairQueue<T>(firstMessageCapacity);
    }

    /// <summary>Datagrams shed because their queue was full.</summary>
    public long Shed => Interlocked.Read(ref _shed);

    /// <summary>Items waiting in all three queues.</summary>
    public int Count => _control.Reader.Count + _underWay.Count + _firstMessages.Count;

    /// <summary>Queues a DH result, a tick or a command; never refused.</summary>
    public void PostControl(T item)
    {
        if (!_control.Writer.TryWrite(item)) throw new InvalidOperationException("the control queue of the IKE loop refused an item");
        _items.Release();
    }

    /// <summary>Queues a datagram of a negotiation under way from <paramref name="source"/> (none: one source of its own); false (and counted) when shed.</summary>
    public bool PostUnderWay(T item, IPAddress? source = null) => Post(_underWay, item, source);

    /// <summary>Queues a first message from <paramref name="source"/>; false (and counted) when shed.</summary>
    public bool PostFirstMessage(T item, IPAddress? source = null) => Post(_firstMessages, item, source);

    private bool Post(FairQueue<T> queue, T item, IPAddress? source)
    {
        if (!queue.TryWrite(source ?? IPAddress.None, item, out var pushedOut))
        {
            Interlocked.Increment(ref _shed);
            return false;
        }
        // The item pushed out for this one was counted in _items: this one takes its count over.
        if (pushedOut) Interlocked.Increment(ref _shed);
        else _items.Release();
        return true;
    }

    /// <summary>The next item by priority; waits while all queues are empty. One reader at a time.</summary>
    public async ValueTask<T> ReadAsync(CancellationToken cancel)
    {
        await _items.WaitAsync(cancel).ConfigureAwait(false);
        // Each count was released after its item was queued, and only this reader takes items: one is there.
        if (_control.Reader.TryRead(out var item) || _underWay.TryRead(out item) || _firstMessages.TryRead(out item)) return item;
        throw new InvalidOperationException("the IKE inbox counted an item it does not hold");
    }
}
