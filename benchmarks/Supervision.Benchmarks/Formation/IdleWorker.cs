namespace Supervision.Benchmarks;

/// <summary>A supervised instance that does nothing until it is stopped.</summary>
internal sealed class IdleWorker : IProcess
{
    public Task RunAsync(ProcessContext context, CancellationToken stoppingToken) => CancellationWait.UntilCancelledAsync(stoppingToken);
}
