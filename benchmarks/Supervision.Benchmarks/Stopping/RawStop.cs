using System.Diagnostics;

namespace Supervision.Benchmarks;

/// <summary>
/// B5 baseline, "the children's own exit": the same children started with <c>Process.Start</c>, each waited for
/// until it printed "ready", then SIGTERM to every one by hand and, after the stop timeout, SIGKILL to those left.
/// Timed from the first signal to the last exit.
/// </summary>
internal static class RawStop
{
    public static async Task<double> RunAsync(StopScenario scenario)
    {
        var children = new List<Process>();
        try
        {
            for (int number = 1; number <= scenario.Children; number++)
            {
                children.Add(Process.Start(StartInfo.Of(scenario.CommandLine(number), redirectOutput: true))!);
            }

            foreach (Process child in children)
            {
                // "ready" is printed once the SIGTERM handler is in place: a signal before it would kill the child.
                string? line = await child.StandardOutput.ReadLineAsync().WaitAsync(StopFormation.ReadyTimeout);
                if (line != "ready")
                {
                    throw new InvalidOperationException($"child {child.Id} said '{line}' instead of 'ready'");
                }
            }

            long from = Stopwatch.GetTimestamp();
            foreach (Process child in children)
            {
                _ = PosixKill.Send(child.Id, PosixKill.SIGTERM);
            }

            Task all = Task.WhenAll(children.Select(static c => c.WaitForExitAsync()));
            if (await Task.WhenAny(all, Task.Delay(scenario.StopTimeout)) != all)
            {
                foreach (Process child in children.Where(static c => !c.HasExited))
                {
                    _ = PosixKill.Send(child.Id, PosixKill.SIGKILL);
                }
            }

            await all;
            return Stopwatch.GetElapsedTime(from).TotalMilliseconds;
        }
        finally
        {
            foreach (Process child in children)
            {
                if (!child.HasExited)
                {
                    _ = PosixKill.Send(child.Id, PosixKill.SIGKILL);
                }

                child.Dispose();
            }
        }
    }
}
