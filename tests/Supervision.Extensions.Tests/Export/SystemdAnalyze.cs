using System.Diagnostics;

namespace Supervision.Extensions.Tests.Export;

/// <summary>The real <c>systemd-analyze verify</c>, run on units in a directory.</summary>
internal static class SystemdAnalyze
{
    /// <summary>
    /// Warnings systemd older than 254 prints for the keys it does not know yet, which it then ignores: the export
    /// writes them on purpose (see the README's export decisions).
    /// </summary>
    private static readonly string[] NewerKeys = ["RestartSteps", "RestartMaxDelaySec"];

    /// <summary>
    /// Verifies <paramref name="units"/> of <paramref name="directory"/>; a template <c>x@.service</c> is verified
    /// as its instance <c>x@1.service</c> (systemd refuses to verify a bare template), linked beside it so that the
    /// instance's drop-ins apply.
    /// </summary>
    /// <returns>The exit code, and every output line that is not about a key newer than this systemd.</returns>
    public static async Task<(int ExitCode, List<string> Problems)> VerifyAsync(string directory, IEnumerable<string> units)
    {
        var start = new ProcessStartInfo("systemd-analyze") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        start.ArgumentList.Add("verify");
        foreach (string unit in units)
        {
            string name = unit;
            if (unit.EndsWith("@.service", StringComparison.Ordinal))
            {
                name = unit.Replace("@.service", "@1.service", StringComparison.Ordinal);
                string link = Path.Combine(directory, name);
                if (!File.Exists(link))
                {
                    File.CreateSymbolicLink(link, unit);
                }
            }

            start.ArgumentList.Add(Path.Combine(directory, name));
        }

        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TestTimeouts.Wait);
        List<string> problems = [.. (await output + "\n" + await error)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !NewerKeys.Any(key => line.EndsWith($"Unknown key '{key}' in section [Service], ignoring.", StringComparison.Ordinal)))];
        return (process.ExitCode, problems);
    }
}
