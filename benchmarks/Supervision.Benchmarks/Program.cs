using BenchmarkDotNet.Running;

// Runs the benchmarks named on the command line (BenchmarkDotNet filters), e.g. --filter '*Restart*'.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
