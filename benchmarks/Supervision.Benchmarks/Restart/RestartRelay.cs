namespace Supervision.Benchmarks;

/// <summary>
/// Paces a restarting worker in batches, without sleeps: each start of the worker takes one turn; while the
/// batch has turns left the run ends at once (so it is restarted), and the start that takes the last turn
/// completes the batch and parks until the next batch is released. Between batches nothing restarts, so an
/// idle benchmark burns no CPU and one batch of N turns is exactly N restarts.
/// </summary>
internal sealed class RestartRelay(WorkerExit exit)
{
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _batchDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _remaining;

    public WorkerExit Exit { get; } = exit;

    /// <summary>Called by the worker on each start; the returned task completes when the run should end.</summary>
    public Task TakeTurnAsync(CancellationToken stoppingToken)
    {
        if (Interlocked.Decrement(ref _remaining) > 0)
        {
            return Task.CompletedTask;
        }

        // The last turn: read the next release before announcing the batch, which replaces it.
        Task release = Volatile.Read(ref _release).Task;
        Volatile.Read(ref _batchDone).TrySetResult();
        return stoppingToken.CanBeCanceled ? release.WaitAsync(stoppingToken) : release;
    }

    /// <summary>Waits for the first start of the worker, which parks it.</summary>
    public Task WaitUntilParkedAsync() => Volatile.Read(ref _batchDone).Task;

    /// <summary>Lets the parked worker end its run and completes once it has been restarted <paramref name="restarts"/> times.</summary>
    public Task RunBatchAsync(int restarts)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _batchDone, done);
        Volatile.Write(ref _remaining, restarts);
        TaskCompletionSource parked = Interlocked.Exchange(ref _release, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        parked.SetResult();
        return done.Task;
    }

    /// <summary>Ends the worker's run the configured way.</summary>
    public void EndRun()
    {
        if (Exit == WorkerExit.Throws)
        {
            throw new WorkerFailedException();
        }
    }
}
