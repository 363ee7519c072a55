using System.Runtime.CompilerServices;
using AsaEmu.Shell.Sessions;

namespace AsaEmu.Shell.Cli.Commands;

/// <summary>
/// The wait after a failed <c>login</c> or <c>enable</c> on a session: 1 s after the first failure,
/// doubling with each further one up to 30 s, until a success. Counted per session and across
/// commands, so typing <c>enable</c> again does not start over: guessing a password from a session
/// goes no faster than a few tries a minute. (The ASA answers at once [M]; this is AsaEmu's guard.)
/// </summary>
public static class LoginPenalty
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(30);

    private static readonly ConditionalWeakTable<CliSession, StrongBox<int>> Failures = new();

    /// <summary>The wait after the <paramref name="failures"/>-th failure in a row (from 1).</summary>
    public static TimeSpan After(int failures) =>
        failures > 5 ? Longest : TimeSpan.FromTicks(Math.Min(Longest.Ticks, First.Ticks << (failures - 1)));

    /// <summary>Counts a failure on the session and waits its penalty (on the appliance's clock).</summary>
    public static Task FailedAsync(ExecContext c)
    {
        var box = Failures.GetOrCreateValue(c.Session);
        return c.Appliance.Clock.Delay(After(Interlocked.Increment(ref box.Value)), c.Cancel);
    }

    /// <summary>A success: the next failure waits <see cref="First"/> again.</summary>
    public static void Succeeded(CliSession session) => Failures.Remove(session);
}
