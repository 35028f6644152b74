using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Supervision.Extensions.Tests.EndToEnd;

/// <summary>The mixed-tree sample as a user runs it: in-process workers, child web servers, a group, health, metrics.</summary>
public sealed class MixedTreeSampleTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task The_mixed_tree_sample_serves_from_its_children_reports_health_and_metrics_and_stops_cleanly()
    {
        // Ports the system just handed out as free, so that nothing else on the machine answers in their place.
        int portBase = FreeWebPortBase();
        using HostRun sample = HostRun.Start("samples/MixedTree", "MixedTree", $"--Supervision:PortBase={portBase}");
        await sample.WaitUntilStartedAsync();
        await sample.WaitForOutputAsync(o => o.Contains("web.2 listening", StringComparison.Ordinal));

        using var http = new HttpClient();
        string reply = await http.GetStringAsync(new Uri($"http://127.0.0.1:{(portBase + 201).ToString(CultureInfo.InvariantCulture)}/"));
        Assert.Equal("hello from web.2\n", reply);

        // The in-process checker, registered after web, starts only once both web instances answer HTTP.
        await sample.WaitForOutputAsync(o => o.Contains("checker.1 got: hello from web.2", StringComparison.Ordinal));
        string output = sample.Output;
        Assert.True(output.IndexOf("web.2 is ready", StringComparison.Ordinal) < output.IndexOf("Started checker.1", StringComparison.Ordinal), output);
        await sample.WaitForOutputAsync(o => o.Contains("Health: Healthy", StringComparison.Ordinal) || o.Contains("Health: Degraded", StringComparison.Ordinal));
        await sample.WaitForOutputAsync(o => o.Contains("Metric Name: supervision.instances", StringComparison.Ordinal));

        Assert.Equal(0, Posix.Kill(sample.Pid, Posix.SIGTERM));
        int exitCode = await sample.WaitForExitAsync();

        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{sample.Output}");
        Assert.Contains("Started writer.1", sample.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// A port base for which the sample's two web instances (type index 2: base + 200 and base + 201) get ports that were
    /// free a moment ago: the first from binding port 0, the next checked by binding it, instead of a guessed range that
    /// two test runs on one machine could share.
    /// </summary>
    private static int FreeWebPortBase()
    {
        const int WebOffset = 200;
        for (int attempt = 1; ; attempt++)
        {
            using var first = new TcpListener(IPAddress.Loopback, 0);
            first.Start();
            int port = ((IPEndPoint)first.LocalEndpoint).Port;
            if (port <= WebOffset || port == IPEndPoint.MaxPort)
            {
                continue;
            }

            try
            {
                using var second = new TcpListener(IPAddress.Loopback, port + 1);
                second.Start();
                return port - WebOffset;
            }
            catch (SocketException) when (attempt < 100)
            {
            }
        }
    }
}
