using Microsoft.Extensions.Hosting;
using Supervision;

namespace ProcfileRunner;

/// <summary>Foreman's behaviour under <c>--restart never</c>: when one process exits, everything stops.</summary>
internal sealed class StopWhenOneExits(ISupervisor supervisor, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (SupervisionEvent e in supervisor.WatchAsync(stoppingToken))
            {
                if (e.Kind == SupervisionEventKind.Exited)
                {
                    if (e.Exit is { IsFailure: true } && Environment.ExitCode == 0)
                    {
                        Environment.ExitCode = 1;
                    }

                    lifetime.StopApplication();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
