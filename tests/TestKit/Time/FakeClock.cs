using Microsoft.Extensions.Time.Testing;

namespace AsaEmu.TestKit.Time;

/// <summary>
/// The appliance's clock in tests: time moves only when told (<see cref="FakeTimeProvider.Advance"/>),
/// and a wait on it (a login penalty) passes at once: the clock moves on by it and it is noted in
/// <see cref="Delays"/>. Periodic timers are left to <see cref="FakeTimeProvider.Advance"/>.
/// </summary>
public sealed class FakeClock : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _delays = [];

    public FakeClock() : this(new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.Zero)) { }

    public FakeClock(DateTimeOffset now) : base(now) { }

    /// <summary>The waits asked for so far, in order.</summary>
    public IReadOnlyList<TimeSpan> Delays
    {
        get { lock (_gate) return [.. _delays]; }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (period == Timeout.InfiniteTimeSpan && dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            lock (_gate) _delays.Add(dueTime);
            Advance(dueTime);
        }
        return timer;
    }
}
