using System.Globalization;

namespace Supervision.EndToEnd.Fakes;

/// <summary>
/// Measured figures: written to the test's output and appended to <c>reliability-figures.txt</c> beside the test
/// assembly, from which docs/reliability.md is filled.
/// </summary>
internal static class Figures
{
    private static readonly Lock Gate = new();

    public static void Report(string scenario, FormattableString figure)
    {
        string line = $"{DateTime.UtcNow:O} {scenario}: {figure.ToString(CultureInfo.InvariantCulture)}";
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        lock (Gate)
        {
            File.AppendAllText(Path.Combine(AppContext.BaseDirectory, "reliability-figures.txt"), line + Environment.NewLine);
        }
    }

    public static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture) + " ms";

    public static string MiB(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " MiB";
}
