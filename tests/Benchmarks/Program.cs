using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(AsaEmu.Benchmarks.LargeConfig).Assembly).Run(args);
