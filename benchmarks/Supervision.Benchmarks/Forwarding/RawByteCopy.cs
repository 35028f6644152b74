using System.Diagnostics;

namespace Supervision.Benchmarks;

/// <summary>
/// B4 floor, evidence rather than a contender: the producer's bytes copied to <see cref="Stream.Null"/> without
/// looking for lines. What is left of a contender's time above this is its per-line work.
/// </summary>
internal static class RawByteCopy
{
    public static async Task<long> RunAsync(string[] commandLine)
    {
        using Process process = Process.Start(StartInfo.Of(commandLine, redirectOutput: true))!;
        var counter = new NewlineCountingStream(long.MaxValue);
        await process.StandardOutput.BaseStream.CopyToAsync(counter);
        await process.WaitForExitAsync();
        return counter.Lines;
    }
}
