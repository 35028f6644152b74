using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace Supervision.Benchmarks;

/// <summary>
/// A console mode: how many of the bytes allocated per restart (B1) and per instance (B2) are the supervisor's
/// own. Method: <see cref="GC.GetTotalAllocatedBytes(bool)"/> (precise, every thread) around N operations after a
/// warm-up, once through the supervisor and once doing only the worker's part by hand — a fresh DI scope, the
/// worker resolved from it, its <see cref="ProcessContext"/>, its <c>RunAsync</c> task and, when it fails, its
/// exception read from the task (<see cref="Task.Exception"/>, as the supervisor reads it), the scope disposed.
/// The difference is the supervisor's. AllocationTick events estimate which types the bytes went to.
/// </summary>
internal static class AllocationReport
{
    public static async Task<int> RunAsync(bool smoke)
    {
        int restarts = smoke ? 20_000 : 200_000;
        int instances = smoke ? 10_000 : 100_000;
        using var ticks = new AllocationTickListener();
        var measured = new List<Measurement>();

        Console.WriteLine($"Allocation report: {restarts:N0} restarts, {instances:N0} instances; bytes from GC.GetTotalAllocatedBytes(precise: true)");
        Console.WriteLine();
        foreach (WorkerExit exit in Enum.GetValues<WorkerExit>())
        {
            Measurement total = await MeasureSupervisedRestartsAsync(exit, restarts);
            Measurement worker = await MeasureWorkerRunsAsync(exit, restarts);
            measured.Add(total);
            measured.Add(worker);
            Console.WriteLine(Line($"B1 restart, worker {exit.ToString().ToLowerInvariant()}: bytes per restart", total, worker));
        }

        Measurement formation = await MeasureSupervisedFormationAsync(instances);
        Measurement idleWorkers = await MeasureIdleWorkersAsync(instances);
        Measurement bareTasks = await MeasureAsync("bare tasks", instances, () => BareTaskFormation.StartAndStopAsync(instances));
        measured.AddRange([formation, idleWorkers, bareTasks]);
        Console.WriteLine(Line("B2 start+stop: bytes per instance", formation, idleWorkers));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   bare Task baseline: {bareTasks.BytesPerOperation:F0}; supervised / bare = {formation.BytesPerOperation / bareTasks.BytesPerOperation:F2}x (goal <= 1.5x)"));

        // The runtime delivers its events to listeners a little late.
        await Task.Delay(TimeSpan.FromSeconds(2));
        foreach (Measurement m in measured)
        {
            Console.WriteLine();
            Console.WriteLine($"{m.Label}: estimated bytes per operation by type (AllocationTick samples)");
            foreach ((string type, long bytes) in ticks.BytesByType(m.From, m.To).Take(12))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {bytes / (double)m.Operations,8:F0}  {type}"));
            }
        }

        return 0;
    }

    private static string Line(string what, Measurement total, Measurement worker) =>
        string.Create(CultureInfo.InvariantCulture, $"{what}: total {total.BytesPerOperation:F0}, worker's part {worker.BytesPerOperation:F0}, supervisor's own {total.BytesPerOperation - worker.BytesPerOperation:F0}");

    private static async Task<Measurement> MeasureSupervisedRestartsAsync(WorkerExit exit, int restarts)
    {
        var relay = new RestartRelay(exit);
        await using SupervisedTree tree = SupervisedTree.Create<RelayedWorker>(1, static b => b.Initial = TimeSpan.Zero, s => s.AddSingleton(relay));
        await tree.StartAsync();
        await relay.WaitUntilParkedAsync();
        await relay.RunBatchAsync(restarts / 10);
        return await MeasureAsync($"supervised restarts ({exit})", restarts, () => relay.RunBatchAsync(restarts));
    }

    /// <summary>The worker's part of a restart, done by hand on one thread: scope, resolve, context, run, dispose.</summary>
    private static async Task<Measurement> MeasureWorkerRunsAsync(WorkerExit exit, int runs)
    {
        var relay = new RestartRelay(exit);
        _ = relay.RunBatchAsync(int.MaxValue);
        await using ServiceProvider services = new ServiceCollection().AddSingleton(relay).AddTransient<RelayedWorker>().BuildServiceProvider();
        IServiceScopeFactory scopes = services.GetRequiredService<IServiceScopeFactory>();
        using var stopping = new CancellationTokenSource();

        async Task RunAsync(int count)
        {
            for (int i = 0; i < count; i++)
            {
                AsyncServiceScope scope = scopes.CreateAsyncScope();
                RelayedWorker worker = scope.ServiceProvider.GetRequiredService<RelayedWorker>();
                var context = new ProcessContext("worker", 1, "worker.1", i, null, scope.ServiceProvider);
                Task run = worker.RunAsync(context, stopping.Token);

                // The failure the supervisor records, read from the task as the supervisor reads it: without a
                // rethrow, whose stack-trace bytes are not the worker's and which the supervisor does not do.
                await run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                _ = run.Exception?.InnerException;

                await scope.DisposeAsync();
            }
        }

        await RunAsync(runs / 10);
        return await MeasureAsync($"worker's part of a restart ({exit})", runs, () => RunAsync(runs));
    }

    private static async Task<Measurement> MeasureSupervisedFormationAsync(int instances)
    {
        await using SupervisedTree tree = SupervisedTree.Create<IdleWorker>(instances, static _ => { });
        await tree.StartAsync();
        await tree.StopAsync();
        return await MeasureAsync("supervised start+stop", instances, async () =>
        {
            await tree.StartAsync();
            await tree.StopAsync();
        });
    }

    /// <summary>The worker's part of an instance, by hand: scope, resolve, context, run until cancelled, dispose.</summary>
    private static async Task<Measurement> MeasureIdleWorkersAsync(int instances)
    {
        await using ServiceProvider services = new ServiceCollection().AddTransient<IdleWorker>().BuildServiceProvider();
        IServiceScopeFactory scopes = services.GetRequiredService<IServiceScopeFactory>();
        var scopesInUse = new AsyncServiceScope[instances];
        var running = new Task[instances];

        async Task RunAsync()
        {
            using var stopping = new CancellationTokenSource();
            for (int i = 0; i < instances; i++)
            {
                scopesInUse[i] = scopes.CreateAsyncScope();
                IdleWorker worker = scopesInUse[i].ServiceProvider.GetRequiredService<IdleWorker>();
                running[i] = worker.RunAsync(new ProcessContext("worker", i + 1, "worker", 0, null, scopesInUse[i].ServiceProvider), stopping.Token);
            }

            await stopping.CancelAsync();
            await Task.WhenAll(running);
            foreach (AsyncServiceScope scope in scopesInUse)
            {
                await scope.DisposeAsync();
            }
        }

        await RunAsync();
        return await MeasureAsync("worker's part of an instance", instances, RunAsync);
    }

    private static async Task<Measurement> MeasureAsync(string label, int operations, Func<Task> body)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        DateTime from = DateTime.UtcNow;
        long before = GC.GetTotalAllocatedBytes(precise: true);
        await body();
        long after = GC.GetTotalAllocatedBytes(precise: true);
        DateTime to = DateTime.UtcNow;
        return new Measurement(label, operations, (after - before) / (double)operations, from, to);
    }

    private sealed record Measurement(string Label, int Operations, double BytesPerOperation, DateTime From, DateTime To);
}
