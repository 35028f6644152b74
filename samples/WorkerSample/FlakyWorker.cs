using Supervision;

namespace WorkerSample;

/// <summary>Processes a few jobs, then crashes: the supervisor restarts it after a growing backoff delay.</summary>
public sealed partial class FlakyWorker(ILogger<FlakyWorker> logger, TimeProvider timeProvider) : IProcess
{
    public async Task RunAsync(ProcessContext context, CancellationToken stoppingToken)
    {
        LogStarting(logger, context.Name, context.RestartCount);
        for (int job = 1; job <= 3; job++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), timeProvider, stoppingToken);
            LogJob(logger, context.Name, job);
        }

        throw new InvalidOperationException($"{context.Name} lost its connection (simulated)");
    }

    [LoggerMessage(LogLevel.Information, "{Name} starting (restart {RestartCount})")]
    private static partial void LogStarting(ILogger logger, string name, int restartCount);

    [LoggerMessage(LogLevel.Information, "{Name} finished job {Job}")]
    private static partial void LogJob(ILogger logger, string name, int job);
}
