using Microsoft.Extensions.DependencyInjection;

namespace Supervision.Benchmarks;

/// <summary>
/// Baseline: the restart loop one writes by hand. It starts the worker on the thread pool, awaits its task,
/// swallows the failure and starts it again — no policy, backoff, intensity, state or DI scope.
/// </summary>
internal sealed class HandRestartLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly Func<Task> _runWorker;
    private readonly bool _inspectWithoutRethrow;
    private Task _loop = Task.CompletedTask;

    /// <param name="worker">The worker to restart.</param>
    /// <param name="context">The context every run gets.</param>
    /// <param name="inspectWithoutRethrow">
    /// Await the run with <see cref="ConfigureAwaitOptions.SuppressThrowing"/> and read its fault from the task,
    /// instead of letting <c>await</c> rethrow it into a catch: shows what the second throw of a failure costs.
    /// </param>
    public HandRestartLoop(IProcess worker, ProcessContext context, bool inspectWithoutRethrow = false)
    {
        // One delegate for the life of the loop, as a careful hand-written loop would have.
        _runWorker = () => worker.RunAsync(context, _stopping.Token);
        _inspectWithoutRethrow = inspectWithoutRethrow;
    }

    /// <summary>
    /// The same loop doing per run what the supervisor does for each start of a worker: a fresh DI scope, the worker
    /// resolved from it, its <see cref="ProcessContext"/>, the scope disposed after the run. Evidence: the floor of a
    /// restart that follows the design, without any supervision.
    /// </summary>
    public HandRestartLoop(IServiceScopeFactory scopes, bool inspectWithoutRethrow = false)
    {
        int runs = 0;
        _runWorker = async () =>
        {
            AsyncServiceScope scope = scopes.CreateAsyncScope();
            try
            {
                RelayedWorker worker = scope.ServiceProvider.GetRequiredService<RelayedWorker>();
                await worker.RunAsync(new ProcessContext("loop", 1, "loop.1", runs++, null, scope.ServiceProvider), _stopping.Token).ConfigureAwait(false);
            }
            finally
            {
                await scope.DisposeAsync().ConfigureAwait(false);
            }
        };
        _inspectWithoutRethrow = inspectWithoutRethrow;
    }

    public void Start() => _loop = Task.Run(_inspectWithoutRethrow ? InspectingLoopAsync : LoopAsync);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _loop;
        _stopping.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Run(_runWorker).ConfigureAwait(false);
            }
            catch (WorkerFailedException)
            {
                // Restart.
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task InspectingLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Task run = Task.Run(_runWorker);
            await run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

            // The fault is there to read (run.Exception) without being thrown a second time; restart.
        }
    }
}
