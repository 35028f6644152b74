using System.Diagnostics;
using System.Globalization;

namespace Supervision.Benchmarks;

/// <summary>
/// B4, a console mode: forwards the producer's 1,000,000 lines through each contender, each in a fresh process of
/// this program, and prints median time, lines per second, the throughput ratio to the raw loop and the peak
/// working set. <c>result</c> lines are for benchmarks/external/run.sh, which adds Foreman beside them.
/// </summary>
internal static class LineForwarding
{
    private const double GoalVersusRaw = 0.5;

    public static async Task<int> RunAsync(bool smoke)
    {
        long lines = smoke ? 100_000 : 1_000_000;
        int runs = smoke ? 1 : 5;
        var results = new Dictionary<string, (double MedianMs, double MinMs, long PeakBytes)>();
        foreach (string name in ForwardingCase.Names)
        {
            (double, double, long)? result = await RunCaseAsync(name, lines, runs);
            if (result is null)
            {
                return 1;
            }

            results[name] = result.Value;
        }

        double raw = results["raw"].MedianMs;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"B4: {lines:N0} lines, producer: {string.Join(' ', LineProducer.CommandLine(lines))}; median of {runs} runs after a warm-up, each contender in its own process"));
        Console.WriteLine("| contender | median ms | min ms | lines/s (median) | throughput vs raw | peak working set |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach ((string name, (double median, double min, long peak)) in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {median:F1} | {min:F1} | {lines / (median / 1000):N0} | {raw / median:F2}× | {peak / 1048576.0:F1} MiB |"));
        }

        foreach ((string name, (double median, _, long peak)) in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"result forward.{name}.ms {median:F1}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"result forward.{name}.peak_mib {peak / 1048576.0:F1}"));
        }

        foreach (string name in (ReadOnlySpan<string>)["log", "prefix"])
        {
            double ratio = raw / results[name].MedianMs;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"goal {name} throughput >= {GoalVersusRaw}x raw: {ratio:F2}x {(ratio >= GoalVersusRaw ? "met" : "MISSED")}"));
        }

        return 0;
    }

    private static async Task<(double, double, long)?> RunCaseAsync(string name, long lines, int runs)
    {
        // A fresh process per contender: the peak working set of one must not be the peak of another.
        string self = Environment.ProcessPath!;
        string[] command = self.EndsWith("dotnet", StringComparison.Ordinal)
            ? [self, typeof(LineForwarding).Assembly.Location]
            : [self];
        using Process process = Process.Start(StartInfo.Of([.. command, "forward-case", name, lines.ToString(CultureInfo.InvariantCulture), runs.ToString(CultureInfo.InvariantCulture)], redirectOutput: true))!;
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        string? line = output.Split('\n').FirstOrDefault(static l => l.StartsWith(ForwardingCase.ResultTag, StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            Console.Error.WriteLine($"forward {name}: case process exited with {process.ExitCode}: {output}");
            return null;
        }

        string[] fields = line.Split(' ');
        return (double.Parse(fields[2], CultureInfo.InvariantCulture), double.Parse(fields[3], CultureInfo.InvariantCulture), long.Parse(fields[4], CultureInfo.InvariantCulture));
    }
}
