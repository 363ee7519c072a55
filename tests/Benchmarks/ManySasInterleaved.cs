using System.Diagnostics;
using System.Globalization;

namespace AsaEmu.Benchmarks;

/// <summary>
/// The comparison of <see cref="ManySasBenchmark"/> taken in one process with its configurations in turn,
/// iteration by iteration: BenchmarkDotNet measures each case in a process of its own, minutes apart, and the
/// other work on a shared machine moves its figures by 10-30 %, as much as the difference sought; in turn, that
/// work weighs on every configuration alike. Each iteration is BenchmarkDotNet's (the benchmark's own setup,
/// 1,024 batches of 32 packets, its checks); the figure is the median over the rounds, in ns per packet.
/// Configurations: 1 SA; 1,000 installed with the traffic on 1 of them (the table's size alone); 100 installed
/// and 1,000 installed with the traffic round robin over 100 (the traffic's spread, then both).
/// <code>dotnet run -c Release --project tests/Benchmarks -- many-sas-interleaved [rounds [IntoTunnel|FromOutside]]</code>
/// </summary>
public static class ManySasInterleaved
{
    private const int Warmup = 3;

    private static readonly (int Sas, int Spread)[] Configurations = [(1, 1), (1000, 1), (100, 100), (1000, 100)];

    /// <summary>Every case, or those of one way (<paramref name="only"/>: IntoTunnel or FromOutside).</summary>
    public static void Run(int rounds, string? only = null)
    {
        Console.WriteLine($"{"way",-12} {"size",5} {"transform",-21} {"1 SA",8} {"1000/1",8} {"100/100",8} {"1000/100",8}  1000/100 ÷ 1 SA");
        foreach (var into in new[] { true, false }.Where(into => only is null || only == (into ? "IntoTunnel" : "FromOutside")))
        foreach (var size in new[] { 64, 1400 })
        foreach (var transform in new[] { "esp-aes/sha", "esp-aes-gcm-256/none" })
        {
            var medians = Compare(into, size, transform, rounds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(into ? "IntoTunnel" : "FromOutside"),-12} {size,5} {transform,-21} {string.Join(" ", medians.Select(m => $"{m,8:F1}"))}  {medians[^1] / medians[0]:F3}"));
        }
    }

    /// <summary>The median ns per packet of each configuration, measured in turn.</summary>
    private static double[] Compare(bool into, int size, string transform, int rounds)
    {
        var benchmarks = Configurations.Select(c => new ManySasBenchmark { Sas = c.Sas, Spread = c.Spread, Size = size, Transform = transform }).ToArray();
        foreach (var benchmark in benchmarks) benchmark.Setup();
        var samples = benchmarks.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < Warmup + rounds; round++)
            for (var i = 0; i < benchmarks.Length; i++)
            {
                var nanoseconds = Iteration(benchmarks[i], into);
                if (round >= Warmup) samples[i].Add(nanoseconds);
            }
        foreach (var benchmark in benchmarks) benchmark.Cleanup();
        return [.. samples.Select(s => s.Order().ElementAt(s.Count / 2))];
    }

    /// <summary>One iteration as BenchmarkDotNet runs it, in ns per packet.</summary>
    private static double Iteration(ManySasBenchmark benchmark, bool into)
    {
        if (into) benchmark.CheckIteration();
        else benchmark.SealIteration();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < ManySasBenchmark.Batches; i++)
        {
            if (into) benchmark.IntoTunnel();
            else benchmark.FromOutside();
        }
        return clock.Elapsed.TotalNanoseconds / (ManySasBenchmark.Batches * ManySasBenchmark.Batch);
    }
}
