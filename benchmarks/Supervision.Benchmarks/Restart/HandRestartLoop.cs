namespace Supervision.Benchmarks;

/// <summary>
/// Baseline: the restart loop one writes by hand. It starts the worker on the thread pool, awaits its task,
/// swallows the failure and starts it again — no policy, backoff, intensity, state or DI scope.
/// </summary>
internal sealed class HandRestartLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly Func<Task> _runWorker;
    private Task _loop = Task.CompletedTask;

    public HandRestartLoop(IProcess worker, ProcessContext context)
    {
        // One delegate for the life of the loop, as a careful hand-written loop would have.
        _runWorker = () => worker.RunAsync(context, _stopping.Token);
    }

    public void Start() => _loop = Task.Run(LoopAsync);

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
}
