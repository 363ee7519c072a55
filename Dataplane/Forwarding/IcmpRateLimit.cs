namespace AsaEmu.Dataplane.Forwarding;

/// <summary>
/// At most <c>perSecond</c> ICMP errors in any one-second window (RFC 1812 §4.3.2.8): a flood of
/// oversized packets must not become a flood of ICMP. Safe for concurrent callers.
/// </summary>
public sealed class IcmpRateLimit(int perSecond)
{
    private long _windowStart = long.MinValue;
    private int _count;

    public bool TryTake(long nowMilliseconds)
    {
        var start = Interlocked.Read(ref _windowStart);
        if ((start == long.MinValue || nowMilliseconds - start >= 1000) && Interlocked.CompareExchange(ref _windowStart, nowMilliseconds, start) == start)
            Volatile.Write(ref _count, 0);
        return Interlocked.Increment(ref _count) <= perSecond;
    }
}
