namespace Supervision.Benchmarks;

/// <summary>A worker that waits for its storm round and then fails.</summary>
internal sealed class StormWorker(StormGate gate) : IProcess
{
    public async Task RunAsync(ProcessContext context, CancellationToken stoppingToken)
    {
        await gate.OnStartedAsync(context.Instance, context.RestartCount, stoppingToken).ConfigureAwait(false);
        gate.OnFailing(context.Instance);
        throw new WorkerFailedException();
    }
}
