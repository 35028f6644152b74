using Microsoft.Extensions.Hosting;

namespace Supervision.Extensions.Hosting;

/// <summary>Runs an existing <see cref="BackgroundService"/> as an <see cref="IProcess"/>: start it, stop it on the stopping token, wait for its ExecuteAsync.</summary>
internal sealed class BackgroundServiceProcess(BackgroundService service) : IProcess
{
    public async Task RunAsync(ProcessContext context, CancellationToken stoppingToken)
    {
        await service.StartAsync(stoppingToken).ConfigureAwait(false);
        Task execute = service.ExecuteTask ?? Task.CompletedTask;

        // StopAsync cancels the service's own token; the wait for ExecuteAsync is ours, bounded by StopTimeout.
        await using (stoppingToken.UnsafeRegister(static state => _ = ((BackgroundService)state!).StopAsync(CancellationToken.None), service).ConfigureAwait(false))
        {
            await execute.ConfigureAwait(false);
        }
    }
}
