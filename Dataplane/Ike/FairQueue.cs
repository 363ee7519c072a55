using System.Net;

namespace AsaEmu.Dataplane.Ike;

/// <summary>
/// A bounded queue served round robin by source address: a read takes the oldest item of the source whose
/// turn it is, so a source with many items queued (a flood from a few addresses) delays another by at most one
/// item per busy source, not by all it queued. When full, a source holding at least two items fewer than the
/// busiest pushes the busiest one's oldest out (so the writer does not end up the busier of the two); any other
/// is refused. Any number of writers; one reader.
/// </summary>
internal sealed class FairQueue<T>(int capacity)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, Queue<T>> _bySource = [];

    /// <summary>The sources with items, each once, in the order they are served.</summary>
    private readonly Queue<IPAddress> _turns = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Queues <paramref name="item"/>; false when refused. <paramref name="pushedOut"/>: another source's item went to make room.</summary>
    public bool TryWrite(IPAddress source, T item, out bool pushedOut)
    {
        pushedOut = false;
        lock (_lock)
        {
            _bySource.TryGetValue(source, out var own);
            if (_count >= capacity)
            {
                // The busiest source's count is found only when full: the scan is bounded by the capacity.
                Queue<T>? busiest = null;
                foreach (var queue in _bySource.Values)
                    if (busiest is null || queue.Count > busiest.Count) busiest = queue;
                if (busiest is null || busiest.Count <= (own?.Count ?? 0) + 1) return false;
                busiest.Dequeue(); // it keeps at least one item, so its turn stays
                _count--;
                pushedOut = true;
            }
            if (own is null)
            {
                own = new Queue<T>();
                _bySource[source] = own;
                _turns.Enqueue(source);
            }
            own.Enqueue(item);
            _count++;
            return true;
        }
    }

    public bool TryRead(out T item)
    {
        lock (_lock)
        {
            if (!_turns.TryDequeue(out var source))
            {
                item = default!;
                return false;
            }
            var queue = _bySource[source];
            item = queue.Dequeue();
            _count--;
            if (queue.Count > 0) _turns.Enqueue(source);
            else _bySource.Remove(source);
            return true;
        }
    }
}
