namespace Supervision.Benchmarks;

/// <summary>A worker whose every run takes a turn from the <see cref="RestartRelay"/> and then fails or returns.</summary>
internal sealed class RelayedWorker(RestartRelay relay) : IProcess
{
    public async Task RunAsync(ProcessContext context, CancellationToken stoppingToken)
    {
        await relay.TakeTurnAsync(stoppingToken).ConfigureAwait(false);
        relay.EndRun();
    }
}
