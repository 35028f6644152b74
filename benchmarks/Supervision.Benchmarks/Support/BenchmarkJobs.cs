using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Supervision.Benchmarks;

/// <summary>The two ways the suite runs: the full job (BenchmarkDotNet's default) and a seconds-long smoke job.</summary>
internal static class BenchmarkJobs
{
    /// <summary>
    /// Every benchmark once, in this process (no generated project to build), no pilot or warm-up: proves each
    /// benchmark runs to completion, measures nothing worth quoting.
    /// </summary>
    public static IConfig Smoke() =>
        DefaultConfig.Instance
            .AddJob(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("Smoke"))
            .WithOptions(ConfigOptions.DisableLogFile);

    /// <summary>BenchmarkDotNet's default job in a separate process: pilot, warm-up, and as many iterations as it needs.</summary>
    public static IConfig Full() => DefaultConfig.Instance;
}
