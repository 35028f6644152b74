using Supervision;

namespace MixedTree;

/// <summary>Takes jobs off the queue; every seventh job makes it crash, and the supervisor restarts it.</summary>
public sealed partial class JobConsumer(JobBoard queue, ILogger<JobConsumer> logger) : IProcess
{
    public async Task RunAsync(ProcessContext context, CancellationToken stoppingToken)
    {
        await foreach (int job in queue.Reader.ReadAllAsync(stoppingToken))
        {
            if (job % 7 == 0)
            {
                throw new InvalidOperationException($"job {job} is poison");
            }

            LogJob(logger, context.Name, job);
        }
    }

    [LoggerMessage(LogLevel.Information, "{Name} processed job {Job}")]
    private static partial void LogJob(ILogger logger, string name, int job);
}
