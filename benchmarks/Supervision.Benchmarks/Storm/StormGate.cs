using System.Diagnostics;

namespace Supervision.Benchmarks;

/// <summary>
/// Holds every storm worker until the next round, then lets them all fail at once; records when each one
/// failed and how long it then waited to be started again, for comparison with the backoff formula.
/// </summary>
internal sealed class StormGate(int instances, int rounds)
{
    private readonly long[] _failedAt = new long[instances];
    private readonly double[] _restartDelayMs = new double[instances * rounds];
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _allStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;

    /// <summary>Completes when every instance has started in the current round (round 0 is the first start).</summary>
    public Task AllStarted => Volatile.Read(ref _allStarted).Task;

    /// <summary>Called by a worker as its run starts; the returned task completes when its round begins.</summary>
    public Task OnStartedAsync(int instance, int restartCount, CancellationToken stoppingToken)
    {
        long now = Stopwatch.GetTimestamp();
        if (restartCount is > 0 && restartCount <= rounds)
        {
            _restartDelayMs[((restartCount - 1) * instances) + instance - 1] = Stopwatch.GetElapsedTime(_failedAt[instance - 1], now).TotalMilliseconds;
        }

        Task release = Volatile.Read(ref _release).Task;
        if (Interlocked.Increment(ref _started) == instances)
        {
            Volatile.Read(ref _allStarted).TrySetResult();
        }

        return release.WaitAsync(stoppingToken);
    }

    /// <summary>Called by a worker right before it throws.</summary>
    public void OnFailing(int instance) => _failedAt[instance - 1] = Stopwatch.GetTimestamp();

    /// <summary>Starts the next round: every instance fails at once.</summary>
    public void ReleaseRound()
    {
        Volatile.Write(ref _started, 0);
        Volatile.Write(ref _allStarted, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Interlocked.Exchange(ref _release, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).SetResult();
    }

    /// <summary>The measured delay, in milliseconds, between each instance's failure and its restart number <paramref name="restart"/>.</summary>
    public ReadOnlySpan<double> RestartDelaysMs(int restart) => _restartDelayMs.AsSpan((restart - 1) * instances, instances);
}
