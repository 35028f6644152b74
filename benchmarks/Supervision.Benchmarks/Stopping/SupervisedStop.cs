using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;

namespace Supervision.Benchmarks;

/// <summary>
/// B5 under supervision: the scenario's children as one child type (Output Log to a counting logger), waited for
/// until every one printed "ready", then the supervisor's stop, timed to its end. Also counts this process's
/// threads with the formation up.
/// </summary>
internal static class SupervisedStop
{
    public static async Task<(double StopMs, int Threads)> RunAsync(StopScenario scenario)
    {
        var ready = new LineCountingLogger(scenario.Children);
        await using var tree = new ChildTree(ready, NullLogger.Instance);
        (string command, string[] arguments) = scenario.SupervisedCommand();
        tree.AddChild("stop", new ProcessTypeOptions { Command = command, Arguments = arguments, Count = scenario.Children, StopTimeout = scenario.StopTimeout, Output = ChildOutputMode.Log });
        await tree.StartAsync();
        await ready.Reached.WaitAsync(StopFormation.ReadyTimeout);

        // Evidence: the threads this process holds for the formation (reapers, output reads), read from the OS.
        using Process self = Process.GetCurrentProcess();
        int threads = self.Threads.Count;

        long from = Stopwatch.GetTimestamp();
        await tree.StopAsync();
        return (Stopwatch.GetElapsedTime(from).TotalMilliseconds, threads);
    }
}
