using AsaEmu.Shell.Core;

namespace AsaEmu.Shell.Tests.Fakes;

public sealed class FakeClock(DateTimeOffset now) : IClock
{
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _delays = [];

    public FakeClock() : this(new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.Zero)) { }

    public DateTimeOffset Now { get; private set; } = now;

    public void Advance(TimeSpan by) => Now += by;

    /// <summary>A wait passes at once: the clock moves on by it, and it is noted in <see cref="Delays"/>.</summary>
    public Task Delay(TimeSpan delay, CancellationToken cancel)
    {
        lock (_gate)
        {
            _delays.Add(delay);
            Now += delay;
        }
        return Task.CompletedTask;
    }

    /// <summary>The waits asked for so far, in order.</summary>
    public IReadOnlyList<TimeSpan> Delays
    {
        get { lock (_gate) return [.. _delays]; }
    }
}
