// The code of docs/migrating.md.
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Supervision.Docs.Snippets;

internal static class Migrating
{
    public static void FromForeman(HostApplicationBuilder builder)
    {
        builder.AddProcfile("Procfile", envFile: ".env");
    }

    public static void FromBackgroundService(HostApplicationBuilder builder)
    {
        builder.AddProcessType<Importer>("importer", o => o.Restart = RestartPolicy.Always);
    }
}

// Before: the retry loop every team writes once.
public sealed class ImporterWithItsOwnLoop(ILogger<ImporterWithItsOwnLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        TimeSpan delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ImportAsync(stoppingToken);
                delay = TimeSpan.FromSeconds(1);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Import failed; retrying in {Delay}", delay);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
            }
        }
    }

    private static Task ImportAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);
}

// After: the work only; restarts, backoff, give-up and stop are the supervisor's.
public sealed class Importer : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => ImportAsync(stoppingToken);

    private static Task ImportAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);
}
