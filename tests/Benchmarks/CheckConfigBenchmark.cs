using AsaEmu.ConfigModel.Loading;
using AsaEmu.ConfigModel.Rendering;
using BenchmarkDotNet.Attributes;

namespace AsaEmu.Benchmarks;

/// <summary>
/// What <c>asaemu check-config</c> does with a 50,000-line config: load every line through the
/// command trees, then render it. Goal: under 2 s on a 2-core machine.
/// </summary>
[MemoryDiagnoser]
public class CheckConfigBenchmark
{
    private string _text = "";

    [Params(50_000)]
    public int Lines { get; set; }

    [GlobalSetup]
    public void Setup() => _text = LargeConfig.Generate(Lines);

    [Benchmark]
    public int Load() => ConfigLoader.Load(_text).Errors;

    [Benchmark]
    public int LoadAndRender() => RunningConfigRenderer.Render(ConfigLoader.Load(_text).Config, unmasked: false).Length;
}
