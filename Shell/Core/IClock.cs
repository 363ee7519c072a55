namespace AsaEmu.Shell.Core;

/// <summary>The wall clock, injected so uptime, timestamps and waits are testable.</summary>
public interface IClock
{
    DateTimeOffset Now { get; }

    /// <summary>Waits <paramref name="delay"/> (after a failed <c>login</c> or <c>enable</c>); a fake clock just moves on.</summary>
    Task Delay(TimeSpan delay, CancellationToken cancel) => Task.Delay(delay, cancel);
}

public sealed class SystemClock : IClock
{
    public static readonly SystemClock Instance = new();
    public DateTimeOffset Now => DateTimeOffset.UtcNow;
}
