namespace Supervision.Engine;

/// <summary>
/// The one way instances stop, whatever asks (host stop, scale-down, restart set, rolling restart, escalation):
/// every run is readied, then asked to end (its stop signal, or its token cancelled), then one wait within the
/// stop timeout and the caller's deadline, then what did not end is killed (a child process) or abandoned (an
/// in-process worker). Instances stopped together share one wait rather than a timer each, which matters when a
/// type has a hundred thousand instances.
/// </summary>
internal static class StopSequence
{
    // The longest wait a timer accepts (Task.WaitAsync refuses more); anything longer is as good as no limit.
    private static readonly TimeSpan LongestWait = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>Stops <paramref name="instances"/> (of one type) together and records how each ended.</summary>
    public static async Task RunAsync(List<InstanceChild> instances, InstanceState finalState, TimeProvider time, CancellationToken deadline)
    {
        if (instances.Count == 0)
        {
            return;
        }

        // Every run is readied first, then all are asked: a hundred children get their signals within a few
        // milliseconds of each other rather than each after the one before has begun to exit.
        foreach (InstanceChild instance in instances)
        {
            instance.PrepareStop();
        }

        List<Task>? pending = null;
        foreach (InstanceChild instance in instances)
        {
            Task completion = instance.RequestStop(finalState);
            if (!completion.IsCompleted)
            {
                (pending ??= []).Add(completion);
            }
        }

        Task stopped = pending is null
            ? Task.CompletedTask
            : Task.WhenAll(pending).WaitAsync(WaitLimit(instances[0].Slot.StopTimeout), time, deadline);
        foreach (InstanceChild instance in instances)
        {
            instance.PublishStopping();
        }

        await stopped.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        List<Task>? finishing = null;
        foreach (InstanceChild instance in instances)
        {
            Task finish = instance.FinishStopAsync(finalState);
            if (!finish.IsCompleted)
            {
                (finishing ??= []).Add(finish);
            }
        }

        if (finishing is not null)
        {
            await Task.WhenAll(finishing).ConfigureAwait(false);
        }
    }

    /// <summary>A stop timeout as a timer takes it: never negative, and beyond a timer's range no limit at all.</summary>
    public static TimeSpan WaitLimit(TimeSpan timeout) =>
        timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout > LongestWait ? Timeout.InfiniteTimeSpan : timeout;
}
