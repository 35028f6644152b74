using Akka.Actor;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.DependencyInjection;

namespace Supervision.Benchmarks;

/// <summary>
/// B1: in-process restart latency with backoff Initial 0. One operation is one restart: the worker ends its run
/// (fails or returns), its supervisor sees it and starts it again. Baselines in the same run: a hand-written
/// restart loop and an Akka.NET child restarted by its parent's one-for-one strategy (failures only).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet owns the life cycle: [GlobalCleanup] disposes what [GlobalSetup] made.")]
public class RestartLatencyBenchmarks
{
    /// <summary>Restarts per invocation: enough that the release of the parked worker is noise.</summary>
    public const int RestartsPerInvoke = 1_000;

    private RestartRelay _relay = null!;
    private HandRestartLoop? _handLoop;
    private ServiceProvider? _handLoopServices;
    private SupervisedTree? _tree;
    private ActorSystem? _actors;

    [GlobalSetup(Target = nameof(HandLoopThrows))]
    public Task SetUpHandLoopThrows() => StartHandLoopAsync(WorkerExit.Throws);

    [GlobalSetup(Target = nameof(HandLoopThrowsNoRethrow))]
    public Task SetUpHandLoopThrowsNoRethrow() => StartHandLoopAsync(WorkerExit.Throws, inspectWithoutRethrow: true);

    [GlobalSetup(Target = nameof(HandLoopReturns))]
    public Task SetUpHandLoopReturns() => StartHandLoopAsync(WorkerExit.Returns);

    [GlobalSetup(Target = nameof(HandLoopReturnsWithScope))]
    public Task SetUpHandLoopReturnsWithScope() => StartHandLoopWithScopeAsync(WorkerExit.Returns);

    [GlobalSetup(Target = nameof(SupervisionThrows))]
    public Task SetUpSupervisionThrows() => StartTreeAsync(WorkerExit.Throws);

    [GlobalSetup(Target = nameof(SupervisionReturns))]
    public Task SetUpSupervisionReturns() => StartTreeAsync(WorkerExit.Returns);

    [GlobalSetup(Target = nameof(AkkaThrows))]
    public Task SetUpAkka()
    {
        _relay = new RestartRelay(WorkerExit.Throws);
        _actors = QuietActorSystem.Create("restart");
        _actors.ActorOf(Props.Create(() => new AkkaRestartingParent(_relay)), "parent");
        return _relay.WaitUntilParkedAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = RestartsPerInvoke)]
    [BenchmarkCategory("throws")]
    public Task HandLoopThrows() => _relay.RunBatchAsync(RestartsPerInvoke);

    /// <summary>Evidence, not a goal: the hand loop reading the fault from the task instead of catching a rethrow.</summary>
    [Benchmark(OperationsPerInvoke = RestartsPerInvoke)]
    [BenchmarkCategory("throws")]
    public Task HandLoopThrowsNoRethrow() => _relay.RunBatchAsync(RestartsPerInvoke);

    [Benchmark(OperationsPerInvoke = RestartsPerInvoke)]
    [BenchmarkCategory("throws")]
    public Task SupervisionThrows() => _relay.RunBatchAsync(RestartsPerInvoke);

    [Benchmark(OperationsPerInvoke = RestartsPerInvoke)]
    [BenchmarkCategory("throws")]
    public Task AkkaThrows() => _relay.RunBatchAsync(RestartsPerInvoke);

    [Benchmark(Baseline = true, OperationsPerInvoke = RestartsPerInvoke)]
    [BenchmarkCategory("returns")]
    public Task HandLoopReturns() => _relay.RunBatchAsync(RestartsPerInvoke);

    /// <summary>Evidence, not a goal: the hand loop also making the DI scope, worker and context per run, as the design asks.</summary>
    [Benchmark(OperationsPerInvoke = RestartsPerInvoke)]
    [BenchmarkCategory("returns")]
    public Task HandLoopReturnsWithScope() => _relay.RunBatchAsync(RestartsPerInvoke);

    [Benchmark(OperationsPerInvoke = RestartsPerInvoke)]
    [BenchmarkCategory("returns")]
    public Task SupervisionReturns() => _relay.RunBatchAsync(RestartsPerInvoke);

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        if (_handLoop is not null)
        {
            await _handLoop.DisposeAsync();
            await _handLoopServices!.DisposeAsync();
        }

        if (_tree is not null)
        {
            await _tree.DisposeAsync();
        }

        if (_actors is not null)
        {
            await _actors.Terminate();
        }

        (_handLoop, _handLoopServices, _tree, _actors) = (null, null, null, null);
    }

    private Task StartHandLoopAsync(WorkerExit exit, bool inspectWithoutRethrow = false)
    {
        _relay = new RestartRelay(exit);
        _handLoopServices = new ServiceCollection().BuildServiceProvider();
        var context = new ProcessContext("loop", 1, "loop.1", 0, null, _handLoopServices);
        _handLoop = new HandRestartLoop(new RelayedWorker(_relay), context, inspectWithoutRethrow);
        _handLoop.Start();
        return _relay.WaitUntilParkedAsync();
    }

    private Task StartHandLoopWithScopeAsync(WorkerExit exit)
    {
        _relay = new RestartRelay(exit);
        _handLoopServices = new ServiceCollection().AddSingleton(_relay).AddTransient<RelayedWorker>().BuildServiceProvider();
        _handLoop = new HandRestartLoop(_handLoopServices.GetRequiredService<IServiceScopeFactory>());
        _handLoop.Start();
        return _relay.WaitUntilParkedAsync();
    }

    private async Task StartTreeAsync(WorkerExit exit)
    {
        _relay = new RestartRelay(exit);
        RestartRelay relay = _relay;
        _tree = SupervisedTree.Create<RelayedWorker>(1, static backoff => backoff.Initial = TimeSpan.Zero, services => services.AddSingleton(relay));
        await _tree.StartAsync();
        await _relay.WaitUntilParkedAsync();
    }
}
