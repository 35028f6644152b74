using Supervision;

namespace Dashboard;

/// <summary>Works for ten seconds, then crashes: the dashboard shows the exit, the backoff and the restart live.</summary>
public sealed class FlakyWorker(TimeProvider timeProvider) : IProcess
{
    public async Task RunAsync(ProcessContext context, CancellationToken stoppingToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(10), timeProvider, stoppingToken);
        throw new InvalidOperationException($"{context.Name} lost its connection (simulated)");
    }
}
