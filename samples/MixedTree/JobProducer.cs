using Supervision;

namespace MixedTree;

/// <summary>Puts a job on the queue every second.</summary>
public sealed class JobProducer(JobBoard queue, TimeProvider time) : IProcess
{
    public async Task RunAsync(ProcessContext context, CancellationToken stoppingToken)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        for (int job = 1; await tick.WaitForNextTickAsync(stoppingToken); job++)
        {
            await queue.Writer.WriteAsync(job, stoppingToken);
        }
    }
}
