using Supervision;

namespace MixedTree;

/// <summary>The second stage: started after the reader, restarted whenever the reader is (RestForOne).</summary>
public sealed class PipelineWriter : IProcess
{
    public Task RunAsync(ProcessContext context, CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
}
