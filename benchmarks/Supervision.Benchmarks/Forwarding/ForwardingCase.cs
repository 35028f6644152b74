using System.Diagnostics;
using System.Globalization;

namespace Supervision.Benchmarks;

/// <summary>
/// One B4 contender, run in a process of its own (so that its peak working set is its own): a warm-up run, then
/// <c>runs</c> timed runs of the producer's <c>lines</c> lines. Prints one machine-readable result line.
/// </summary>
internal static class ForwardingCase
{
    public const string ResultTag = "forward-result";

    public static readonly string[] Names = ["copy", "raw", "log", "prefix"];

    public static async Task<int> RunAsync(string name, long lines, int runs)
    {
        string[] producer = LineProducer.CommandLine(lines);
        Func<Task<long>> run = name switch
        {
            "copy" => () => RawByteCopy.RunAsync(producer),
            "raw" => () => RawLineLoop.RunAsync(producer),
            "log" => () => SupervisedForwarding.RunAsync(producer, lines, ChildOutputMode.Log),
            "prefix" => () => SupervisedForwarding.RunAsync(producer, lines, ChildOutputMode.Prefix),
            _ => throw new ArgumentException($"unknown forwarding case '{name}'", nameof(name)),
        };

        var times = new List<double>();
        for (int i = 0; i <= runs; i++)
        {
            long from = Stopwatch.GetTimestamp();
            long received = await run();
            double ms = Stopwatch.GetElapsedTime(from).TotalMilliseconds;
            if (received != lines)
            {
                Console.Error.WriteLine($"forward {name}: {received} lines received, {lines} expected");
                return 1;
            }

            // Run 0 is the warm-up (JIT, first start of the producer's runtime files).
            if (i > 0)
            {
                times.Add(ms);
            }
        }

        using Process self = Process.GetCurrentProcess();
        Percentiles p = Percentiles.Of(times);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ResultTag} {name} {p.P50:F1} {times.Min():F1} {self.PeakWorkingSet64}"));
        return 0;
    }
}
