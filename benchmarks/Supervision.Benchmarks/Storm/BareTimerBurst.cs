using System.Diagnostics;

namespace Supervision.Benchmarks;

/// <summary>
/// The baseline of the backoff figures: as many bare <see cref="TimeProvider.System"/> timers as the storm has
/// instances, armed at once with one delay, each recording how far from that delay it fired. No supervisor, no
/// worker: what is left is the platform's own timer error (its clock resolution) for such a burst.
/// </summary>
internal static class BareTimerBurst
{
    public static async Task<double[]> OffMsAsync(int timers, TimeSpan delay)
    {
        var offMs = new double[timers];
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int pending = timers;
        var armed = new ITimer[timers];
        for (int i = 0; i < timers; i++)
        {
            int index = i;
            long armedAt = Stopwatch.GetTimestamp();
            armed[i] = TimeProvider.System.CreateTimer(
                _ =>
                {
                    offMs[index] = (Stopwatch.GetElapsedTime(armedAt) - delay).TotalMilliseconds;
                    if (Interlocked.Decrement(ref pending) == 0)
                    {
                        fired.TrySetResult();
                    }
                },
                null,
                delay,
                Timeout.InfiniteTimeSpan);
        }

        await fired.Task.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        foreach (ITimer timer in armed)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }

        return offMs;
    }
}
