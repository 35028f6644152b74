using Akka.Actor;
using BenchmarkDotNet.Attributes;

namespace Supervision.Benchmarks;

/// <summary>
/// B2: one operation starts N in-process instances of one type (Count = N), waits until the formation is up,
/// then stops them all. Baselines: a bare Task per instance, an Akka.NET actor per instance.
/// </summary>
[MemoryDiagnoser]
[BytesPerInstanceColumn]
public class StartStopBenchmarks
{
    private SupervisedTree _tree = null!;
    private ActorSystem _actors = null!;

    [Params(10_000, 100_000)]
    public int Instances { get; set; }

    [GlobalSetup]
    public void SetUp()
    {
        _tree = SupervisedTree.Create<IdleWorker>(Instances, static _ => { });
        _actors = QuietActorSystem.Create("formation");
    }

    [Benchmark(Baseline = true)]
    public Task BareTasks() => BareTaskFormation.StartAndStopAsync(Instances);

    [Benchmark]
    public async Task Supervision()
    {
        await _tree.StartAsync();
        await _tree.StopAsync();
    }

    [Benchmark]
    public Task Akka() => AkkaFormation.StartAndStopAsync(_actors, Instances);

    [GlobalCleanup]
    public async Task CleanUpAsync()
    {
        await _tree.DisposeAsync();
        await _actors.Terminate();
    }
}
