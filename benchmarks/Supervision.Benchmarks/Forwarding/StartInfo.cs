using System.Diagnostics;

namespace Supervision.Benchmarks;

/// <summary><see cref="ProcessStartInfo"/> for a command line given as an array, no shell, for the raw baselines.</summary>
internal static class StartInfo
{
    public static ProcessStartInfo Of(string[] commandLine, bool redirectOutput)
    {
        var start = new ProcessStartInfo(commandLine[0]) { UseShellExecute = false, RedirectStandardOutput = redirectOutput };
        foreach (string argument in commandLine.AsSpan(1))
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
