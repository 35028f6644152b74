using Microsoft.Extensions.Logging.Abstractions;

namespace Supervision.Benchmarks;

/// <summary>
/// B4 under supervision: one child type running the producer once (restart policy Never), its lines forwarded in
/// Log mode to a logger that only counts them, or in Prefix mode to the Prefix console writing to a stream that only
/// counts them. Timed from building the tree to the last line received.
/// </summary>
internal static class SupervisedForwarding
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<long> RunAsync(string[] commandLine, long lines, ChildOutputMode output)
    {
        var logger = new LineCountingLogger(lines);
        var console = new NewlineCountingStream(lines);
        await using var tree = new ChildTree(logger, NullLogger.Instance, console);
        tree.AddChild("producer", new ProcessTypeOptions { Command = commandLine[0], Arguments = [.. commandLine.AsSpan(1)], Restart = RestartPolicy.Never, Output = output });
        await tree.StartAsync();
        Task reached = output == ChildOutputMode.Log ? logger.Reached : console.Reached;
        await reached.WaitAsync(Timeout);
        return output == ChildOutputMode.Log ? logger.Lines : console.Lines;
    }
}
