using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;

namespace Supervision.Benchmarks;

/// <summary>
/// B5 under supervision: the scenario's children as one child type (Output Log to a counting logger), waited for
/// until every one printed "ready", then the supervisor's stop, timed to its end. Also times one /proc scan
/// (<see cref="ProcessTree.Descendants"/>) with the formation up (the stop makes one per instance) and counts
/// this process's threads then.
/// </summary>
internal static class SupervisedStop
{
    public static async Task<(double StopMs, double ProcScanMs, int Threads)> RunAsync(StopScenario scenario)
    {
        var ready = new LineCountingLogger(scenario.Children);
        await using var tree = new ChildTree(ready, NullLogger.Instance);
        (string command, string[] arguments) = scenario.SupervisedCommand();
        tree.AddChild("stop", new ProcessTypeOptions { Command = command, Arguments = arguments, Count = scenario.Children, StopTimeout = scenario.StopTimeout, Output = ChildOutputMode.Log });
        await tree.StartAsync();
        await ready.Reached.WaitAsync(StopFormation.ReadyTimeout);

        var scans = new List<double>();
        for (int i = 0; i < 5; i++)
        {
            long scanFrom = Stopwatch.GetTimestamp();
            _ = ProcessTree.Descendants(Environment.ProcessId);
            scans.Add(Stopwatch.GetElapsedTime(scanFrom).TotalMilliseconds);
        }

        // Evidence: the threads this process holds for the formation (reapers, output reads), read from the OS.
        using Process self = Process.GetCurrentProcess();
        int threads = self.Threads.Count;

        long from = Stopwatch.GetTimestamp();
        await tree.StopAsync();
        return (Stopwatch.GetElapsedTime(from).TotalMilliseconds, Percentiles.Of(scans).P50, threads);
    }
}
