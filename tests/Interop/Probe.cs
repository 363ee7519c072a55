using System.Diagnostics;
using System.Globalization;

namespace AsaEmu.Interop;

/// <summary>Small checks the interop tests share: waiting with a deadline, commands and pings inside a namespace.</summary>
public static class Probe
{
    /// <summary>Polls <paramref name="condition"/> every 100 ms until it holds or <paramref name="timeout"/> has passed.</summary>
    public static bool WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (condition()) return true;
            Thread.Sleep(100);
        }
        return condition();
    }

    /// <summary>Runs a command inside network namespace <paramref name="ns"/>; its exit code and output.</summary>
    public static (int Code, string Output) InNetns(string ns, params string[] command) => InNetns(ns, TimeSpan.FromSeconds(20), command);

    /// <summary>Runs a command inside network namespace <paramref name="ns"/>, killed after <paramref name="timeout"/>; its exit code and output.</summary>
    public static (int Code, string Output) InNetns(string ns, TimeSpan timeout, params string[] command)
    {
        using var process = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", ns, .. command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Three pings of <paramref name="size"/> bytes from netns cli, 0.2 s apart (ping's default second is only waiting), all answered.</summary>
    public static bool Ping(string host, int size) =>
        InNetns("cli", "ping", "-c", "3", "-i", "0.2", "-W", "2", "-s", size.ToString(CultureInfo.InvariantCulture), host).Code == 0;

    /// <summary>How many hub log lines contain <paramref name="text"/>.</summary>
    public static int Count(string log, string text)
    {
        var n = 0;
        for (var at = log.IndexOf(text, StringComparison.Ordinal); at >= 0; at = log.IndexOf(text, at + text.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    /// <summary>
    /// <paramref name="count"/> pings of <paramref name="size"/> bytes from netns <paramref name="ns"/>, one every
    /// <paramref name="interval"/> seconds; how many went out and came back, and the sequence numbers of those lost.
    /// </summary>
    public static (int Sent, int Received, IReadOnlyList<int> Lost) PingCount(string ns, string host, int size, int count, double interval = 0.2)
    {
        var inv = CultureInfo.InvariantCulture;
        var (_, output) = InNetns(ns, TimeSpan.FromSeconds(count * interval + 30), "ping", "-c", count.ToString(inv), "-i", interval.ToString(inv),
            "-W", "2", "-s", size.ToString(inv), host);
        var (sent, received, lost, _) = PingSummary(output);
        return (sent, received, lost);
    }

    /// <summary>
    /// Pings of <paramref name="size"/> bytes from netns <paramref name="ns"/>, one every <paramref name="interval"/> seconds,
    /// until <paramref name="done"/> holds (polled as <see cref="WaitFor"/> does) or <paramref name="timeout"/> has passed; then
    /// ping is interrupted (SIGINT: it prints its summary). Whether <paramref name="done"/> held; how many went out and came back,
    /// and the sequence numbers of those lost. The last echo may still be on its way when ping stops: unanswered, it counts as
    /// not sent rather than lost.
    /// </summary>
    public static (bool Done, int Sent, int Received, IReadOnlyList<int> Lost) PingUntil(string ns, string host, int size, Func<bool> done,
        TimeSpan timeout, double interval = 0.2)
    {
        var inv = CultureInfo.InvariantCulture;
        // ip netns exec execs ping in its own process: the pid is ping's.
        using var ping = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", ns, "ping", "-i", interval.ToString(inv), "-W", "2", "-s", size.ToString(inv), host])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = ping.StandardOutput.ReadToEndAsync();
        var stderr = ping.StandardError.ReadToEndAsync();
        try
        {
            var reached = WaitFor(done, timeout);
            Run(["kill", "-INT", ping.Id.ToString(inv)]);
            if (!ping.WaitForExit(TimeSpan.FromSeconds(10))) throw new InvalidOperationException("ping did not stop on SIGINT");
            var (sent, received, lost, last) = PingSummary(stdout.Result + stderr.Result);
            return lost.Count > 0 && lost[^1] == last ? (reached, sent - 1, received, lost.Take(lost.Count - 1).ToList()) : (reached, sent, received, lost);
        }
        finally
        {
            if (!ping.HasExited) ping.Kill(entireProcessTree: true);
        }
    }

    /// <summary>A ping run's summary: how many went out and came back, the sequence numbers unanswered, and the last sent.</summary>
    private static (int Sent, int Received, IReadOnlyList<int> Lost, int Last) PingSummary(string output)
    {
        var inv = CultureInfo.InvariantCulture;
        var summary = System.Text.RegularExpressions.Regex.Match(output, @"(\d+) packets transmitted, (\d+) received");
        if (!summary.Success) throw new InvalidOperationException($"ping gave no summary: {output}");
        var sent = int.Parse(summary.Groups[1].Value, inv);
        var answered = System.Text.RegularExpressions.Regex.Matches(output, @"icmp_seq=(\d+)").Select(m => int.Parse(m.Groups[1].Value, inv)).ToHashSet();
        return (sent, int.Parse(summary.Groups[2].Value, inv), Enumerable.Range(1, sent).Where(n => !answered.Contains(n)).ToList(), sent);
    }

    /// <summary>
    /// Pings from netns <paramref name="ns"/> once a second until one comes back (the first ones start a
    /// site's tunnel and are dropped, as on the ASA), within <paramref name="tries"/> tries.
    /// </summary>
    public static bool PingsThrough(string ns, string target, string? source = null, int tries = 20)
    {
        for (var i = 0; i < tries; i++)
        {
            string[] args = ["ping", "-c", "1", "-W", "1", .. source is null ? Array.Empty<string>() : ["-I", source], target];
            if (InNetns(ns, args).Code == 0) return true;
        }
        return false;
    }

    /// <summary>Runs a command (its first element) on the host to its end; its exit code and output.</summary>
    public static (int Code, string Output) Run(string[] command)
    {
        using var process = Process.Start(new ProcessStartInfo(command[0], command[1..]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }

    /// <summary>The figure after <paramref name="label"/> on its line of a show command's output (<c>show crypto isakmp stats</c>).</summary>
    public static long Counter(string show, string label)
    {
        var line = show.Split('\n').First(l => l.TrimStart().StartsWith(label, StringComparison.Ordinal));
        return long.Parse(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
