using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MixedTree;

/// <summary>Logs the health report every few seconds, as a readiness probe would read it.</summary>
public sealed partial class HealthReporter(HealthCheckService health, ILogger<HealthReporter> logger, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(3), time);
        while (await tick.WaitForNextTickAsync(stoppingToken))
        {
            HealthReport report = await health.CheckHealthAsync(stoppingToken);
            LogHealth(logger, report.Status);
        }
    }

    [LoggerMessage(LogLevel.Information, "Health: {Status}")]
    private static partial void LogHealth(ILogger logger, HealthStatus status);
}
