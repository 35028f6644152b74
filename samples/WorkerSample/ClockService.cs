namespace WorkerSample;

/// <summary>An existing BackgroundService, supervised unchanged: it ticks until it is stopped.</summary>
public sealed partial class ClockService(ILogger<ClockService> logger, TimeProvider timeProvider) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2), timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            LogTick(logger, timeProvider.GetLocalNow());
        }
    }

    [LoggerMessage(LogLevel.Information, "Tick {Now:HH:mm:ss}")]
    private static partial void LogTick(ILogger logger, DateTimeOffset now);
}
