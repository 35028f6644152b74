using System.Globalization;

namespace Supervision.Extensions.Tests.EndToEnd;

/// <summary>The mixed-tree sample as a user runs it: in-process workers, child web servers, a group, health, metrics.</summary>
public sealed class MixedTreeSampleTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task The_mixed_tree_sample_serves_from_its_children_reports_health_and_metrics_and_stops_cleanly()
    {
        // A port range of its own, so that nothing else on the machine answers in its place.
        int portBase = 40_000 + (Environment.ProcessId % 200 * 100);
        using HostProcess sample = HostProcess.Start("samples/MixedTree", "MixedTree", $"--Supervision:PortBase={portBase}");
        await sample.WaitUntilStartedAsync();
        await sample.WaitForOutputAsync(o => o.Contains("web.2 listening", StringComparison.Ordinal));

        using var http = new HttpClient();
        string reply = await http.GetStringAsync(new Uri($"http://127.0.0.1:{(portBase + 201).ToString(CultureInfo.InvariantCulture)}/"));
        Assert.Equal("hello from web.2\n", reply);
        await sample.WaitForOutputAsync(o => o.Contains("Health: Healthy", StringComparison.Ordinal) || o.Contains("Health: Degraded", StringComparison.Ordinal));
        await sample.WaitForOutputAsync(o => o.Contains("Metric Name: supervision.instances", StringComparison.Ordinal));

        Assert.Equal(0, Posix.Kill(sample.Pid, Posix.SIGTERM));
        int exitCode = await sample.WaitForExitAsync();

        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{sample.Output}");
        Assert.Contains("Started writer.1", sample.Output, StringComparison.Ordinal);
    }
}
