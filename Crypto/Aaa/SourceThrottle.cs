using System.Net;
using System.Net.Sockets;

namespace AsaEmu.Crypto.Aaa;

/// <summary>The numbers of <see cref="SourceThrottle"/>.</summary>
public sealed record SourceThrottlePolicy
{
    /// <summary>Failures a source may have without a block: a user who mistypes a few times is not held up.</summary>
    public int FreeFailures { get; init; } = 5;

    /// <summary>The block after the first failure beyond the free ones; each further failure doubles it.</summary>
    public TimeSpan FirstBlock { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest block (OpenSSH's PerSourcePenalties stops at 600 s too).</summary>
    public TimeSpan MaxBlock { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A source's failures are forgotten this long after its last one (and its block's end): longer than
    /// <see cref="MaxBlock"/>, so a source that waits out a block comes back to a longer one.</summary>
    public TimeSpan Memory { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Sources remembered at most; beyond it the one whose last failure is oldest is forgotten.</summary>
    public int MaxSources { get; init; } = 10_000;

    /// <summary>IPv6 sources are counted per prefix of this length (a host has a whole /64 to hop around in).</summary>
    public int Ipv6PrefixLength { get; init; } = 64;
}

/// <summary>
/// Per-source throttling of failed logins, in the manner of OpenSSH's PerSourcePenalties: a source
/// address with more than a few recent failures (SSH, telnet, XAUTH) is refused for a while without
/// its password being checked, the block doubling with each failure after it, so a brute force
/// spread over many connections gets a handful of guesses per quarter hour and costs no hashing.
/// The console has no source and is never throttled. Pure and thread-safe: the time is passed in.
/// </summary>
public sealed class SourceThrottle(SourceThrottlePolicy? policy = null)
{
    private sealed class Entry
    {
        public int Failures;
        public DateTimeOffset LastFailure;
        public DateTimeOffset BlockedUntil;
    }

    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, Entry> _sources = [];

    public SourceThrottlePolicy Policy { get; } = policy ?? new SourceThrottlePolicy();

    /// <summary>True while <paramref name="source"/> is blocked: its logins are refused unchecked.</summary>
    public bool IsBlocked(IPAddress source, DateTimeOffset now)
    {
        lock (_gate) return _sources.TryGetValue(Key(source), out var e) && e.BlockedUntil > now;
    }

    /// <summary>Counts a failed login from <paramref name="source"/>; true when the source is blocked from now on.</summary>
    public bool Failed(IPAddress source, DateTimeOffset now)
    {
        var key = Key(source);
        lock (_gate)
        {
            if (!_sources.TryGetValue(key, out var e))
            {
                if (_sources.Count >= Policy.MaxSources) Prune(now);
                _sources[key] = e = new Entry();
            }
            else if (Forgotten(e, now)) e.Failures = 0;
            e.Failures++;
            e.LastFailure = now;
            var beyond = e.Failures - Policy.FreeFailures;
            if (beyond <= 0) return false;
            var block = beyond > 20 ? Policy.MaxBlock : Policy.FirstBlock * (1L << (beyond - 1));
            e.BlockedUntil = now + (block < Policy.MaxBlock ? block : Policy.MaxBlock);
            return true;
        }
    }

    /// <summary>Sources remembered now (bounded by <see cref="SourceThrottlePolicy.MaxSources"/>).</summary>
    public int Count
    {
        get { lock (_gate) return _sources.Count; }
    }

    private bool Forgotten(Entry e, DateTimeOffset now) => e.BlockedUntil <= now && now - e.LastFailure > Policy.Memory;

    /// <summary>Drops the sources already forgotten; when none is, the one whose last failure is oldest.</summary>
    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, e) in _sources)
            if (Forgotten(e, now)) _sources.Remove(key);
        if (_sources.Count < Policy.MaxSources) return;
        var oldest = _sources.MinBy(s => s.Value.LastFailure).Key;
        _sources.Remove(oldest);
    }

    private IPAddress Key(IPAddress source)
    {
        if (source.IsIPv4MappedToIPv6) return source.MapToIPv4();
        if (source.AddressFamily != AddressFamily.InterNetworkV6) return source;
        var bytes = source.GetAddressBytes();
        for (var bit = Policy.Ipv6PrefixLength; bit < 128; bit++) bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        return new IPAddress(bytes);
    }
}
