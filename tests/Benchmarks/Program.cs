using AsaEmu.Benchmarks;
using BenchmarkDotNet.Running;

if (args is ["many-sas-interleaved", .. var rest])
    ManySasInterleaved.Run(rest is [var rounds, ..] ? int.Parse(rounds, System.Globalization.CultureInfo.InvariantCulture) : 40, rest is [_, var only] ? only : null);
else
    BenchmarkSwitcher.FromAssembly(typeof(LargeConfig).Assembly).Run(args);
