using AsaEmu.Shell.Core;

namespace AsaEmu.Shell.Tests.Fakes;

public sealed class FakeClock(DateTimeOffset now) : IClock
{
    public FakeClock() : this(new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.Zero)) { }

    public DateTimeOffset Now { get; private set; } = now;

    public void Advance(TimeSpan by) => Now += by;
}
