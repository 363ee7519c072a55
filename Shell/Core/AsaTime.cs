using System.Globalization;

namespace AsaEmu.Shell.Core;

/// <summary>Timestamps and durations in the ASA's wording.</summary>
public static class AsaTime
{
    /// <summary><c>10:22:33.449 UTC Mon Nov 7 2011</c>, as in <c>: Written by</c> and <c>Configuration last modified by</c>.</summary>
    public static string Stamp(DateTimeOffset t) =>
        t.UtcDateTime.ToString("HH:mm:ss.fff 'UTC' ddd MMM d yyyy", CultureInfo.InvariantCulture);

    /// <summary><c>41 days 19 hours</c>, <c>2 hours 5 mins</c> or <c>3 mins 12 secs</c>, as after <c>&lt;hostname&gt; up</c>.</summary>
    public static string Uptime(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        if (span.Days > 0) return $"{Count(span.Days, "day")} {Count(span.Hours, "hour")}";
        if (span.Hours > 0) return $"{Count(span.Hours, "hour")} {Count(span.Minutes, "min")}";
        return $"{Count(span.Minutes, "min")} {Count(span.Seconds, "sec")}";
    }

    private static string Count(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
}
