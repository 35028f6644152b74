using System.Net;
using System.Net.Sockets;
using Supervision.Tests.Fakes;

namespace Supervision.Tests.Processes;

public sealed class TcpReadinessTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_child_is_ready_once_its_PORT_accepts_a_connection_and_the_next_type_waits_for_it()
    {
        int port = FreePort();
        await using var h = new ChildHarness();
        ProcessTypeOptions web = h.AddChild("web", new ProcessTypeOptions
        {
            Command = "/bin/sh",
            Arguments = ["-c", "sleep 0.5; exec python3 -m http.server --bind 127.0.0.1 \"$PORT\""],
            Port = port,
        });
        web.Readiness.Probe = ReadinessProbe.Tcp;
        web.Readiness.Interval = TimeSpan.FromMilliseconds(50);
        h.AddChild("after", TestChild.Options("sleep"));

        await h.StartAsync();

        await h.AssertStartsAfterReadyAsync("web.1", "after.1");
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, TestContext.Current.CancellationToken);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
