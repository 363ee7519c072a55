using System.Globalization;

namespace AsaEmu.ConfigModel.Model;

/// <summary>
/// A <c>time-range NAME</c> block as the ASA evaluates it (command reference: <c>absolute</c>,
/// <c>periodic</c>): the range is active when now lies in its absolute window (either end may be
/// open; no <c>absolute</c> line: always) and, when it has <c>periodic</c> lines, in one of them.
/// The block itself is kept verbatim (its own sub-mode is not emulated); this reads its lines.
/// Times are the appliance's clock, which AsaEmu keeps in UTC.
/// </summary>
/// <param name="Absolute">The window of the <c>absolute</c> line; null ends mean open.</param>
/// <param name="Periodic">Each <c>periodic</c> line: the minutes of the week (Monday 00:00 = 0) it covers, as spans.</param>
public sealed record TimeRange(string Name, (DateTimeOffset? Start, DateTimeOffset? End)? Absolute, IReadOnlyList<(int From, int To)> Periodic)
{
    private const int MinutesPerDay = 24 * 60, MinutesPerWeek = 7 * MinutesPerDay;

    /// <summary>Whether the range admits <paramref name="now"/>.</summary>
    public bool IsActive(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        if (Absolute is { } window && (window.Start is { } start && utc < start || window.End is { } end && utc > end)) return false;
        if (Periodic.Count == 0) return true;
        var minute = ((int)utc.DayOfWeek + 6) % 7 * MinutesPerDay + utc.Hour * 60 + utc.Minute;
        // A span that wraps past Sunday midnight (Saturday 22:00 to Monday 06:00) is stored with To beyond the week.
        return Periodic.Any(p => minute >= p.From && minute <= p.To || minute + MinutesPerWeek >= p.From && minute + MinutesPerWeek <= p.To);
    }
}

/// <summary>Finds and reads the kept <c>time-range</c> blocks.</summary>
public static class TimeRanges
{
    private static readonly string[] DayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    /// <summary>The time-range named <paramref name="name"/>, or null when the config has none (or it cannot be read).</summary>
    public static TimeRange? Find(AsaConfig config, string name)
    {
        var block = config.All<VerbatimBlock>().FirstOrDefault(b => b.Head.Trim() == $"time-range {name}");
        return block is null ? null : Parse(name, block.Lines);
    }

    /// <summary>Reads the lines of a block; lines it cannot read are left out (the ASA would not have taken them).</summary>
    public static TimeRange Parse(string name, IEnumerable<string> lines)
    {
        (DateTimeOffset?, DateTimeOffset?)? absolute = null;
        var periodic = new List<(int, int)>();
        foreach (var line in lines)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) continue;
            if (words[0] == "absolute") absolute = Absolute(words[1..]);
            else if (words[0] == "periodic") periodic.AddRange(Periodic(words[1..]));
        }
        return new TimeRange(name, absolute, periodic);
    }

    /// <summary><c>[start HH:MM DD MONTH YYYY] [end HH:MM DD MONTH YYYY]</c>.</summary>
    private static (DateTimeOffset?, DateTimeOffset?) Absolute(string[] words)
    {
        DateTimeOffset? start = null, end = null;
        for (var i = 0; i + 4 < words.Length; i += 5)
        {
            var text = string.Join(' ', words[(i + 1)..(i + 5)]);
            if (!DateTimeOffset.TryParseExact(text, ["H:mm d MMMM yyyy", "H:mm d MMM yyyy"], CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal, out var at)) continue;
            if (words[i] == "start") start = at;
            else if (words[i] == "end") end = at.AddSeconds(59); // the end minute is included
        }
        return (start, end);
    }

    /// <summary>
    /// <c>DAYS HH:MM to HH:MM</c> (every day of the set, between the two times) or
    /// <c>DAY HH:MM to DAY HH:MM</c> (one stretch of the week). DAYS: day names, <c>daily</c>,
    /// <c>weekdays</c>, <c>weekend</c>.
    /// </summary>
    private static IEnumerable<(int, int)> Periodic(string[] words)
    {
        var to = Array.IndexOf(words, "to");
        if (to < 2 || to + 1 >= words.Length) yield break;
        var days = Days(words[..(to - 1)]);
        if (days.Count == 0 || Minute(words[to - 1]) is not { } from) yield break;
        var after = words[(to + 1)..];
        if (after.Length == 1 && Minute(after[0]) is { } until)
        {
            foreach (var day in days) yield return (day * 1440 + from, day * 1440 + until);
        }
        else if (after.Length == 2 && days.Count == 1 && Days([after[0]]) is [var lastDay] && Minute(after[1]) is { } last)
        {
            var start = days[0] * 1440 + from;
            var end = lastDay * 1440 + last;
            yield return (start, end >= start ? end : end + 7 * 1440);
        }
    }

    private static List<int> Days(string[] words)
    {
        var days = new List<int>();
        foreach (var word in words)
        {
            switch (word)
            {
                case "daily": days.AddRange(Enumerable.Range(0, 7)); break;
                case "weekdays": days.AddRange(Enumerable.Range(0, 5)); break;
                case "weekend": days.AddRange([5, 6]); break;
                default:
                    var index = Array.FindIndex(DayNames, d => d.Equals(word, StringComparison.OrdinalIgnoreCase));
                    if (index < 0) return [];
                    days.Add(index);
                    break;
            }
        }
        return days;
    }

    private static int? Minute(string text) =>
        TimeOnly.TryParseExact(text, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time.Hour * 60 + time.Minute : null;
}
