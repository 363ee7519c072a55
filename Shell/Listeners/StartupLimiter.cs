using System.Net;

namespace AsaEmu.Shell.Listeners;

/// <summary>
/// Counts a listener's connections that have not logged in, overall and per source address, and
/// decides at accept whether one more may start (<see cref="StartupLimits"/>). A connection
/// gives its place back when it logs in or ends, whichever comes first.
/// </summary>
internal sealed class StartupLimiter(StartupLimits limits, Func<int, int>? randomBelow = null)
{
    private readonly Func<int, int> _randomBelow = randomBelow ?? Random.Shared.Next;
    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, int> _bySource = [];
    private int _count;

    public StartupLimits Limits => limits;

    /// <summary>Connections admitted that have neither logged in nor ended.</summary>
    public int Count
    {
        get { lock (_gate) return _count; }
    }

    /// <summary>A place for a new connection from <paramref name="source"/>, or null with the reason it is refused.</summary>
    public Startup? TryAdmit(IPAddress source, out string? refusal)
    {
        var key = source.IsIPv4MappedToIPv6 ? source.MapToIPv4() : source;
        lock (_gate)
        {
            _bySource.TryGetValue(key, out var fromSource);
            refusal = fromSource >= limits.PerSource ? $"{fromSource} connections from this source not logged in"
                : _count >= limits.Full ? $"{_count} connections not logged in"
                : _count >= limits.Start && _randomBelow(100) < DropPercent(_count) ? $"{_count} connections not logged in, random early drop"
                : null;
            if (refusal is not null)
                return null;
            _count++;
            _bySource[key] = fromSource + 1;
        }
        return new Startup(this, key);
    }

    /// <summary>sshd's MaxStartups: <c>rate</c>% at <c>start</c>, rising linearly to 100% at <c>full</c>.</summary>
    private int DropPercent(int count) =>
        limits.Full == limits.Start ? 100 : limits.Rate + (100 - limits.Rate) * (count - limits.Start) / (limits.Full - limits.Start);

    private void Release(IPAddress key)
    {
        lock (_gate)
        {
            _count--;
            if (--_bySource[key] == 0)
                _bySource.Remove(key);
        }
    }

    /// <summary>One admitted connection's place; disposing it (again and again) gives it back once.</summary>
    internal sealed class Startup(StartupLimiter limiter, IPAddress key) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                limiter.Release(key);
        }
    }
}
