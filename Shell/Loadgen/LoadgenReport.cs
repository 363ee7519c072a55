using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AsaEmu.Shell.Loadgen;

/// <summary>
/// Where a load generator's run stands, as a value: counts, failures by reason, setup times. The
/// progress line, the summary and the JSON are made from it.
/// </summary>
public sealed record LoadgenReport(
    int Tunnels,
    int Started,
    int Up,
    int Lost,
    IReadOnlyDictionary<string, int> Failures,
    IReadOnlyList<double> SetupMilliseconds,
    TimeSpan Elapsed,
    double HandshakesPerSecondNow,
    TimeSpan UntilLastUp)
{
    public int Failed => Failures.Values.Sum();

    /// <summary>The ESP flow of <c>--ping</c>; null without one.</summary>
    public LoadgenPingReport? Pings { get; init; }

    /// <summary>Every tunnel up and kept, and with <c>--ping</c> every sampled tunnel answered at least once.</summary>
    public bool AllWell => Failed == 0 && Lost == 0 && (Pings is null || Pings.TunnelsAnswered == Pings.Tunnels);

    /// <summary>Tunnels set up per second from the start to the last one up (the hold not counted).</summary>
    public double HandshakesPerSecond => UntilLastUp > TimeSpan.Zero ? (Up + Lost) / UntilLastUp.TotalSeconds : 0;

    /// <summary>The setup time below which <paramref name="percent"/> % of the tunnels came up (nearest rank), ms; 0 with none up.</summary>
    public double Percentile(double percent)
    {
        if (SetupMilliseconds.Count == 0) return 0;
        var sorted = SetupMilliseconds.Order().ToList();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>One line, rewritten in place on a terminal while the run goes on.</summary>
    public string ProgressLine() => string.Create(CultureInfo.InvariantCulture,
        $"up {Up}/{Tunnels}  started {Started}  {HandshakesPerSecondNow:F1} handshakes/s  failed {Failed}{FailureList()}  lost {Lost}  setup p50 {Percentile(50):F0} ms p99 {Percentile(99):F0} ms  {Elapsed.TotalSeconds:F0} s");

    public string Summary()
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"tunnels:      {Up} up of {Tunnels} ({Started} started, {Failed} failed, {Lost} lost after coming up)");
        text.AppendLine(culture, $"handshakes/s: {HandshakesPerSecond:F1} ({Up + Lost} up in {UntilLastUp.TotalSeconds:F2} s; the run took {Elapsed.TotalSeconds:F1} s)");
        text.AppendLine(culture, $"setup time:   p50 {Percentile(50):F1} ms, p99 {Percentile(99):F1} ms, max {(SetupMilliseconds.Count == 0 ? 0 : SetupMilliseconds.Max()):F1} ms");
        foreach (var (reason, count) in Failures.OrderByDescending(f => f.Value)) text.AppendLine(culture, $"failed:       {count} {reason}");
        if (Pings is { } p)
            text.AppendLine(culture, $"traffic:      {p.Answered} of {p.Sent} echo requests to {p.Target} answered; {p.TunnelsAnswered} of {p.Tunnels} tunnels answered; by echo {string.Join("/", p.AnsweredBySequence)}");
        return text.ToString();
    }

    public string Json() => JsonSerializer.Serialize(new
    {
        tunnels = Tunnels,
        started = Started,
        up = Up,
        failed = Failed,
        lost = Lost,
        failures = Failures,
        elapsedSeconds = Math.Round(Elapsed.TotalSeconds, 3),
        setupSeconds = Math.Round(UntilLastUp.TotalSeconds, 3),
        handshakesPerSecond = Math.Round(HandshakesPerSecond, 2),
        ping = Pings is { } p ? new { target = p.Target, tunnels = p.Tunnels, sent = p.Sent, answered = p.Answered, tunnelsAnswered = p.TunnelsAnswered, answeredBySequence = p.AnsweredBySequence } : null,
        setupMilliseconds = new { p50 = Math.Round(Percentile(50), 2), p99 = Math.Round(Percentile(99), 2), max = Math.Round(SetupMilliseconds.Count == 0 ? 0 : SetupMilliseconds.Max(), 2) },
    });

    private string FailureList() =>
        Failures.Count == 0 ? "" : " (" + string.Join(", ", Failures.OrderByDescending(f => f.Value).Select(f => $"{f.Key} {f.Value}")) + ")";
}
