using Microsoft.Extensions.Options;
using Supervision;

namespace MixedTree;

/// <summary>
/// An in-process client of the child web servers, registered after them: with <c>web</c>'s Http readiness probe it
/// starts only once every web instance answers, and it shows it is alive with <see cref="ProcessContext.Heartbeat"/>
/// after each round of requests (Liveness Heartbeat), so a round that hangs gets it restarted.
/// </summary>
public sealed partial class WebChecker(IOptions<SupervisionOptions> options, ILogger<WebChecker> logger) : IProcess
{
    /// <summary>The web type's index in start order (producer, consumer, web): its ports follow the Foreman rule.</summary>
    private const int WebTypeIndex = 2;

    public async Task RunAsync(ProcessContext context, CancellationToken stoppingToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        int firstPort = options.Value.PortBase + (100 * WebTypeIndex);
        LogGated(logger, context.Name);
        while (true)
        {
            for (int instance = 0; instance < options.Value.ProcessTypes["web"].Count; instance++)
            {
                string reply = await http.GetStringAsync(new Uri($"http://127.0.0.1:{firstPort + instance}/"), stoppingToken);
                LogReply(logger, context.Name, reply.TrimEnd());
            }

            context.Heartbeat();
            await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
        }
    }

    [LoggerMessage(LogLevel.Information, "{Name} starts: every web instance is ready")]
    private static partial void LogGated(ILogger logger, string name);

    [LoggerMessage(LogLevel.Information, "{Name} got: {Reply}")]
    private static partial void LogReply(ILogger logger, string name, string reply);
}
