using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Supervision.Benchmarks;

/// <summary>
/// B3: child restart. <c>/bin/true</c> under restart policy Always, backoff Initial 0, MaxRestarts -1: it exits at
/// once and the supervisor starts it again, as fast as it can. One operation is one restart (exit seen, child
/// spawned again), counted through the supervisor's "InstanceStarted" log entries. Baseline in the same run: a raw
/// <c>Process.Start("/bin/true")</c> + <c>WaitForExitAsync</c> loop. Evidence: a bare posix_spawn + waitpid.
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet owns the life cycle: [GlobalCleanup] disposes what [GlobalSetup] made.")]
public class ChildRestartBenchmarks
{
    /// <summary>Restarts per invocation: ~0.1 s of work, so the wait for the first one is noise.</summary>
    public const int RestartsPerInvoke = 100;

    private const string True = "/bin/true";

    private StartCountingLogger? _starts;
    private ChildTree? _tree;

    [GlobalSetup(Target = nameof(SupervisionLogOutput))]
    public Task SetUpLogOutput() => StartTreeAsync(ChildOutputMode.Log);

    [GlobalSetup(Target = nameof(SupervisionInheritOutput))]
    public Task SetUpInheritOutput() => StartTreeAsync(ChildOutputMode.Inherit);

    [Benchmark(Baseline = true, OperationsPerInvoke = RestartsPerInvoke)]
    public async Task RawProcessStart()
    {
        for (int i = 0; i < RestartsPerInvoke; i++)
        {
            using Process process = Process.Start(True)!;
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Supervised, Output Log (two pipes and their pumps per run) to a null logger.</summary>
    [Benchmark(OperationsPerInvoke = RestartsPerInvoke)]
    public Task SupervisionLogOutput() => _starts!.WaitForStartsAsync(RestartsPerInvoke);

    /// <summary>Supervised, Output Inherit (no pipes): the closest to the raw loop, which inherits too.</summary>
    [Benchmark(OperationsPerInvoke = RestartsPerInvoke)]
    public Task SupervisionInheritOutput() => _starts!.WaitForStartsAsync(RestartsPerInvoke);

    /// <summary>Evidence: the floor, a bare posix_spawn + blocking waitpid on this thread.</summary>
    [Benchmark(OperationsPerInvoke = RestartsPerInvoke)]
    public int BarePosixSpawnOnly()
    {
        int status = 0;
        for (int i = 0; i < RestartsPerInvoke; i++)
        {
            status |= BarePosixSpawn.RunToExit();
        }

        return status;
    }

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        if (_tree is not null)
        {
            await _tree.DisposeAsync();
        }

        (_tree, _starts) = (null, null);
    }

    private async Task StartTreeAsync(ChildOutputMode output)
    {
        _starts = new StartCountingLogger();
        _tree = new ChildTree(NullLoggerFactory.Instance, _starts);
        var options = _tree.AddChild("true", new ProcessTypeOptions { Command = True, Restart = RestartPolicy.Always, Output = output });
        options.Backoff.Initial = TimeSpan.Zero;
        options.Backoff.Jitter = 0;
        Task first = _starts.WaitForStartsAsync(1);
        await _tree.StartAsync();
        await first;
    }
}
