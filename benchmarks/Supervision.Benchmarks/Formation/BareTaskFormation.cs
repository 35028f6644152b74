namespace Supervision.Benchmarks;

/// <summary>Baseline: one bare <see cref="Task"/> per instance, started on the thread pool, cancelled and awaited together.</summary>
internal static class BareTaskFormation
{
    public static async Task StartAndStopAsync(int instances)
    {
        using var stopping = new CancellationTokenSource();
        CancellationToken token = stopping.Token;
        Func<Task> instance = () => CancellationWait.UntilCancelledAsync(token);
        var running = new Task[instances];
        for (int i = 0; i < running.Length; i++)
        {
            running[i] = Task.Run(instance);
        }

        await stopping.CancelAsync();
        await Task.WhenAll(running);
    }
}
