using Supervision;

namespace MixedTree;

/// <summary>The first stage of the pipeline group; it runs until stopped.</summary>
public sealed class PipelineReader : IProcess
{
    public Task RunAsync(ProcessContext context, CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
}
