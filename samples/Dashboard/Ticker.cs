using Supervision;

namespace Dashboard;

/// <summary>Runs until stopped, ticking every few seconds.</summary>
public sealed partial class Ticker(ILogger<Ticker> logger, TimeProvider timeProvider) : IProcess
{
    public async Task RunAsync(ProcessContext context, CancellationToken stoppingToken)
    {
        using var ticks = new PeriodicTimer(TimeSpan.FromSeconds(5), timeProvider);
        while (await ticks.WaitForNextTickAsync(stoppingToken))
        {
            LogTick(logger, context.Name);
        }
    }

    [LoggerMessage(LogLevel.Debug, "{Name} tick")]
    private static partial void LogTick(ILogger logger, string name);
}
