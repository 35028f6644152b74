using System.Diagnostics;

namespace Supervision.Benchmarks;

/// <summary>B4 baseline: <c>Process.Start</c> with stdout redirected, <c>ReadLineAsync</c> until null, then wait for the exit.</summary>
internal static class RawLineLoop
{
    public static async Task<long> RunAsync(string[] commandLine)
    {
        using Process process = Process.Start(StartInfo.Of(commandLine, redirectOutput: true))!;
        long lines = 0;
        while (await process.StandardOutput.ReadLineAsync() is not null)
        {
            lines++;
        }

        await process.WaitForExitAsync();
        return lines;
    }
}
