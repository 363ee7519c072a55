namespace AsaEmu.Dataplane.Ike;

/// <summary>
/// The initiator cookies of the last first messages received, to tell a peer that sends its first
/// message again (a real client whose answer is late) from a flood that never repeats itself: the
/// repeat then skips the queue of first messages, which a flood keeps full. A ring of fixed size
/// with a set over it; the socket threads share it under a lock.
/// </summary>
public sealed class RepeatedFirstMessages(int capacity = 16384)
{
    private readonly ulong[] _ring = new ulong[capacity];
    private readonly HashSet<ulong> _seen = new(capacity);
    private readonly Lock _gate = new();
    private int _next;

    /// <summary>Notes <paramref name="initiatorCookie"/>; true when it was among the last ones noted.</summary>
    public bool IsRepeat(ulong initiatorCookie)
    {
        lock (_gate)
        {
            if (_seen.Contains(initiatorCookie)) return true;
            if (_seen.Count == _ring.Length) _seen.Remove(_ring[_next]);
            _ring[_next] = initiatorCookie;
            _seen.Add(initiatorCookie);
            _next = (_next + 1) % _ring.Length;
            return false;
        }
    }
}
