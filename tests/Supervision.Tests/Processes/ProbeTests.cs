using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Supervision.Tests.Fakes;

namespace Supervision.Tests.Processes;

/// <summary>Readiness and liveness probes against real child processes: Http, Output, and liveness Tcp and Http.</summary>
public sealed class ProbeTests
{
    private const string HttpServer = "exec python3 -m http.server --bind 127.0.0.1 \"$PORT\"";

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_child_is_ready_once_its_http_path_answers_2xx_and_the_next_type_waits_for_it()
    {
        await using var h = new ChildHarness();
        ProcessTypeOptions web = h.AddChild("web", Shell("sleep 0.5; " + HttpServer));
        web.Port = FreePorts(1);
        web.Readiness.Probe = ReadinessProbe.Http;
        web.Readiness.Path = "/";
        web.Readiness.Interval = TimeSpan.FromMilliseconds(50);
        h.AddChild("after", TestChild.Options("sleep"));

        await h.StartAsync();

        await h.AssertStartsAfterReadyAsync("web.1", "after.1");
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_child_whose_http_path_answers_404_is_not_ready_and_restarted_as_a_failure()
    {
        await using var h = new ChildHarness();
        ProcessTypeOptions web = h.AddChild("web", Shell(HttpServer));
        web.Port = FreePorts(1);
        web.Readiness.Probe = ReadinessProbe.Http;
        web.Readiness.Path = "/no-such-page";
        web.Readiness.Interval = TimeSpan.FromMilliseconds(50);
        web.Readiness.Timeout = TimeSpan.FromSeconds(1);

        _ = h.StartAsync();

        SupervisionEvent exited = await h.Events.WaitAsync(SupervisionEventKind.Exited, "web.1");
        Assert.Equal(ExitReason.NotReady, exited.Exit!.Value.Reason);
        Assert.Empty(h.Events.Of(SupervisionEventKind.Ready, "web.1"));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_child_is_ready_at_the_first_output_line_that_matches_its_pattern()
    {
        await using var h = new ChildHarness();
        ProcessTypeOptions db = h.AddChild("db", Shell("echo starting; sleep 0.3; echo 'listening on port 5432'; exec sleep 100"));
        db.Readiness.Probe = ReadinessProbe.Output;
        db.Readiness.Pattern = @"listening on port \d+";
        h.AddChild("after", TestChild.Options("sleep"));

        await h.StartAsync();

        await h.AssertStartsAfterReadyAsync("db.1", "after.1");
        await h.WaitForLineAsync("db", "listening on port 5432");
    }

    [Theory(Timeout = TestTimeouts.Test)]
    [InlineData(LivenessProbe.Tcp)]
    [InlineData(LivenessProbe.Http)]
    public async Task A_child_that_stops_answering_its_liveness_probe_without_exiting_is_restarted_as_hung(LivenessProbe probe)
    {
        // Once the server is killed, the shell that ran it stays: the run goes on without answering.
        await using var h = new ChildHarness();
        ProcessTypeOptions web = h.AddChild("web", Shell("python3 -m http.server --bind 127.0.0.1 \"$PORT\"; sleep 100"));
        web.Port = FreePorts(1);
        web.Readiness.Probe = ReadinessProbe.Tcp;
        web.Readiness.Interval = TimeSpan.FromMilliseconds(20);
        web.Liveness.Probe = probe;
        web.Liveness.Interval = TimeSpan.FromMilliseconds(250);   // also each try's limit: a loaded machine's python needs room
        web.Liveness.FailureThreshold = 2;
        web.Backoff.Initial = TimeSpan.FromMilliseconds(10);

        await h.StartAsync();
        ProcessTree.ProcessId server = Assert.Single(ProcessTree.Descendants(h.Status("web.1").Pid!.Value));
        var watch = Stopwatch.StartNew();
        Signals.Send(server.Pid, Signals.SIGKILL);

        SupervisionEvent exited = await h.Events.WaitAsync(SupervisionEventKind.Exited, "web.1");
        Assert.Equal(ExitReason.Hung, exited.Exit!.Value.Reason);
        TestContext.Current.TestOutputHelper?.WriteLine($"{probe}: hung {watch.Elapsed.TotalMilliseconds:F0} ms after the server was killed (interval 250 ms, threshold 2)");
        await h.Events.WaitAsync(SupervisionEventKind.Ready, "web.1", count: 2);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_rolling_restart_of_three_http_servers_with_a_tcp_probe_keeps_two_of_three_listening_at_every_sample()
    {
        await using var h = new ChildHarness();
        ProcessTypeOptions web = h.AddChild("web", Shell(HttpServer));
        web.Count = 3;
        web.Port = FreePorts(3);
        web.Readiness.Probe = ReadinessProbe.Tcp;
        web.Readiness.Interval = TimeSpan.FromMilliseconds(20);
        await h.StartAsync();

        using var sampling = new CancellationTokenSource();
        Task<(int Samples, int Fewest)> sampler = SampleAsync(web.Port.Value, 3, sampling.Token);
        var watch = Stopwatch.StartNew();
        await h.Supervisor.RestartAsync("web").WaitAsync(TestTimeouts.Wait);
        TimeSpan took = watch.Elapsed;
        await sampling.CancelAsync();
        (int samples, int fewest) = await sampler;

        TestContext.Current.TestOutputHelper?.WriteLine($"rolling restart of 3 took {took.TotalMilliseconds:F0} ms; {samples} samples, fewest listening {fewest} of 3");
        foreach (string instance in new[] { "web.1", "web.2", "web.3" })
        {
            // Events reach the log on their own thread: each replacement's Ready may come just after the restart returned.
            Assert.Equal(1, (await h.Events.WaitAsync(SupervisionEventKind.Ready, instance, count: 2)).RestartCount);
        }
        Assert.True(fewest >= 2, $"{fewest} of 3 listening at one of {samples} samples (restart took {took})");
        Assert.True(samples >= 3, $"{samples} samples");
    }

    /// <summary>
    /// Every 10 ms, how many of the ports have a listener; the fewest seen. Each sample goes on at its own pace, so
    /// a slow one does not thin out the samples after it.
    /// </summary>
    private static async Task<(int Samples, int Fewest)> SampleAsync(int firstPort, int count, CancellationToken stop)
    {
        var samples = new List<Task<bool[]>>();
        while (!stop.IsCancellationRequested)
        {
            samples.Add(Task.WhenAll(Enumerable.Range(firstPort, count).Select(IsListeningAsync)));
            await Task.Delay(10, CancellationToken.None);
        }

        bool[][] results = await Task.WhenAll(samples);
        return (results.Length, results.Min(r => r.Count(listening => listening)));
    }

    /// <summary>
    /// Whether a listener holds the port: the kernel refuses a connection at once only when none does. A listener
    /// whose accept queue is full on a loaded machine drops the handshake instead, and still counts as listening; so
    /// does one that resets a connection it had queued.
    /// </summary>
    private static async Task<bool> IsListeningAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
            return true;
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return false;
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException)
        {
            // Reset: a listener took the handshake, then closed with it still queued (a server being replaced).
            return true;
        }
    }

    private static ProcessTypeOptions Shell(string script) => new() { Command = "/bin/sh", Arguments = ["-c", script] };

    /// <summary>
    /// The first of <paramref name="count"/> consecutive free ports on loopback, below the ephemeral range (32768 and
    /// up): an outgoing connection (the sampler makes hundreds a second) never takes one of them meanwhile.
    /// </summary>
    private static int FreePorts(int count)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            int first = Random.Shared.Next(20_000, 32_000);
            var listeners = new List<TcpListener>();
            try
            {
                for (int port = first; port < first + count; port++)
                {
                    var listener = new TcpListener(IPAddress.Loopback, port);
                    listener.Start();
                    listeners.Add(listener);
                }

                return first;
            }
            catch (SocketException)
            {
            }
            finally
            {
                listeners.ForEach(l => l.Stop());
            }
        }

        throw new InvalidOperationException("No free ports.");
    }
}
