namespace AsaEmu.Shell.Core;

/// <summary>The wall clock, injected so uptime and timestamps are testable.</summary>
public interface IClock
{
    DateTimeOffset Now { get; }
}

public sealed class SystemClock : IClock
{
    public static readonly SystemClock Instance = new();
    public DateTimeOffset Now => DateTimeOffset.UtcNow;
}
