using System.Diagnostics;

namespace Supervision.Tests.Procfiles;

/// <summary>The real Foreman (Debian's <c>ruby-foreman</c>, installed by .ci/run), asked to check a Procfile.</summary>
internal static class Foreman
{
    /// <summary>The foreman program found on PATH; a test that needs it fails, saying how to install it, when it is missing.</summary>
    private static string Program =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(static directory => Path.Combine(directory, "foreman"))
            .FirstOrDefault(File.Exists)
        ?? throw Xunit.Sdk.FailException.ForFailure(
            "foreman is not installed: this test compares with the real Foreman; install Debian's ruby-foreman (apt-get install ruby-foreman), as .ci/run does.");

    /// <summary>Runs <c>foreman check -f <paramref name="path"/></c>.</summary>
    /// <returns>What it printed, on one line: <c>valid procfile detected (web, worker)</c> or <c>ERROR: …</c>.</returns>
    public static async Task<string> CheckAsync(string path)
    {
        var start = new ProcessStartInfo(Program) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("check");
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add(path);
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TestTimeouts.Wait);
        return string.Join(' ', (await output + await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
