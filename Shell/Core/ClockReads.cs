namespace AsaEmu.Shell.Core;

/// <summary>
/// The appliance has one clock, a <see cref="TimeProvider"/> (<see cref="TimeProvider.System"/>, a fake
/// one in tests), handed to everything that reads the time or waits: these are its reads in the
/// appliance's words.
/// </summary>
public static class ClockReads
{
    extension(TimeProvider clock)
    {
        /// <summary>The wall clock now (UTC).</summary>
        public DateTimeOffset Now => clock.GetUtcNow();

        /// <summary>Waits <paramref name="delay"/> on this clock (a fake one decides when it has passed).</summary>
        public Task Delay(TimeSpan delay, CancellationToken cancel) => Task.Delay(delay, clock, cancel);
    }
}
