using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Supervision.Tests.Fakes;

namespace Supervision.Tests.Processes.Notify;

/// <summary>The systemd notify protocol between real children and the host: READY=1, WATCHDOG=1, STATUS=, from the run or its descendants.</summary>
public sealed class NotifyReadinessTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_wrapper_script_that_runs_systemd_notify_after_1_s_makes_its_child_ready_and_gates_the_next_type()
    {
        await using var h = new ChildHarness();
        ProcessTypeOptions db = h.AddChild("db", Shell("sleep 1; systemd-notify --ready --status='accepting connections'; exec sleep 100"));
        db.Readiness.Probe = ReadinessProbe.Signal;
        h.AddChild("after", TestChild.Options("sleep"));
        var watch = Stopwatch.StartNew();

        await h.StartAsync();

        await h.AssertStartsAfterReadyAsync("db.1", "after.1");
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(900), $"started after {watch.Elapsed}");
        TestContext.Current.TestOutputHelper?.WriteLine($"db ready, after started {watch.Elapsed.TotalMilliseconds:F0} ms after the start (script sleeps 1 s)");
        Assert.Equal("accepting connections", h.Status("db.1").StatusText);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task An_unprivileged_systemd_notify_that_can_only_send_in_its_own_name_is_credited_to_its_run()
    {
        // As root, systemd-notify sends in its parent's name (the shell, a process of the run); as another user it
        // cannot, and its own pid, alive while it waits on its barrier, is found by its session.
        if (Environment.UserName != "root" || !File.Exists("/usr/bin/setpriv"))
        {
            Assert.Skip("needs root to drop to nobody with setpriv");
        }

        await using var h = new ChildHarness();
        ProcessTypeOptions db = h.AddChild("db", new ProcessTypeOptions
        {
            Command = "/usr/bin/setpriv",
            Arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", "/bin/sh", "-c", "systemd-notify --ready; exec sleep 100"],
        });
        db.Readiness.Probe = ReadinessProbe.Signal;

        await h.StartAsync();

        await h.Events.WaitAsync(SupervisionEventKind.Ready, "db.1");
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_python_grandchild_in_a_session_of_its_own_notifies_for_its_run()
    {
        // setsid: the grandchild leaves the run's session; its mark in the environment still says whose it is.
        await using var h = new ChildHarness();
        ProcessTypeOptions web = h.AddChild("web", Shell("setsid python3 -c \"" + PythonNotify("READY=1\\nSTATUS=up") + "; import time; time.sleep(100)\"; sleep 100"));
        web.Readiness.Probe = ReadinessProbe.Signal;

        await h.StartAsync();

        await h.Events.WaitAsync(SupervisionEventKind.Ready, "web.1");
        Assert.Equal(InstanceState.Running, h.Status("web.1").State);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_child_that_never_sends_READY_within_its_timeout_is_restarted_as_not_ready()
    {
        await using var h = new ChildHarness();
        ProcessTypeOptions mute = h.AddChild("mute", Shell("sleep 100"));
        mute.Readiness.Probe = ReadinessProbe.Signal;
        mute.Readiness.Timeout = TimeSpan.FromMilliseconds(500);
        mute.Backoff.Initial = TimeSpan.FromMilliseconds(10);

        _ = h.StartAsync();

        SupervisionEvent started = await h.Events.WaitAsync(SupervisionEventKind.Started, "mute.1");
        SupervisionEvent exited = await h.Events.WaitAsync(SupervisionEventKind.Exited, "mute.1");
        Assert.Equal(ExitReason.NotReady, exited.Exit!.Value.Reason);
        TestContext.Current.TestOutputHelper?.WriteLine($"mute stopped as not ready {(exited.Timestamp - started.Timestamp).TotalMilliseconds:F0} ms after its start (timeout 500 ms)");
        await h.Events.WaitAsync(SupervisionEventKind.Started, "mute.1", count: 2);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_child_that_sends_WATCHDOG_then_stops_is_restarted_as_hung()
    {
        await using var h = new ChildHarness();
        ProcessTypeOptions worker = h.AddChild("worker", Shell(
            "systemd-notify --ready; for i in 1 2 3 4 5; do systemd-notify WATCHDOG=1; sleep 0.1; done; sleep 100"));
        worker.Readiness.Probe = ReadinessProbe.Signal;
        worker.Liveness.Probe = LivenessProbe.Heartbeat;
        worker.Liveness.Timeout = TimeSpan.FromMilliseconds(400);
        worker.Backoff.Initial = TimeSpan.FromMilliseconds(10);
        var watch = Stopwatch.StartNew();

        await h.StartAsync();

        SupervisionEvent exited = await h.Events.WaitAsync(SupervisionEventKind.Exited, "worker.1");
        Assert.Equal(ExitReason.Hung, exited.Exit!.Value.Reason);

        // Five heartbeats 100 ms apart kept it alive past its 400 ms timeout.
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(600), $"hung after {watch.Elapsed}");
        TestContext.Current.TestOutputHelper?.WriteLine($"worker restarted as hung {watch.Elapsed.TotalMilliseconds:F0} ms after the start (last heartbeat ~0.5 s in, timeout 400 ms)");
        await h.Events.WaitAsync(SupervisionEventKind.Ready, "worker.1", count: 2);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_datagram_from_a_process_outside_every_run_is_counted_and_ignored()
    {
        await using var h = new ChildHarness();
        ProcessTypeOptions db = h.AddChild("db", Shell("echo \"socket=$NOTIFY_SOCKET\"; exec sleep 100"));
        db.Readiness.Probe = ReadinessProbe.Signal;
        db.Readiness.Timeout = TimeSpan.FromSeconds(30);
        _ = h.StartAsync();
        LogEntry line = await h.Logs.WaitForAsync(e => e.Category == "Supervision.db" && e.Message.StartsWith("socket=", StringComparison.Ordinal));
        string address = line.Message["socket=".Length..];
        Assert.StartsWith("@", address, StringComparison.Ordinal);
        long before = NotifySocket.UnknownSenders;

        // The test host is no run of the supervisor: its READY=1 must not count.
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified))
        {
            socket.SendTo(Encoding.ASCII.GetBytes("READY=1"), new UnixDomainSocketEndPoint("\0" + address[1..]));
        }

        while (NotifySocket.UnknownSenders == before)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.Equal(InstanceState.Starting, h.Status("db.1").State);
        Assert.Empty(h.Events.Of(SupervisionEventKind.Ready, "db.1"));
        TestContext.Current.TestOutputHelper?.WriteLine($"unknown senders {before} -> {NotifySocket.UnknownSenders}; db.1 {h.Status("db.1").State}");
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Only_types_that_listen_get_a_NOTIFY_SOCKET()
    {
        await using var h = new ChildHarness();
        h.AddChild("plain", Shell("echo \"socket=${NOTIFY_SOCKET:-none}\"; exec sleep 100"));
        await h.StartAsync();

        await h.WaitForLineAsync("plain", "socket=none");
    }

    private static ProcessTypeOptions Shell(string script) => new() { Command = "/bin/sh", Arguments = ["-c", script] };

    /// <summary>A hand-written sd_notify, as many programs carry one: '@' is the abstract namespace.</summary>
    private static string PythonNotify(string message) =>
        "import os, socket; a = os.environ['NOTIFY_SOCKET']; a = '\\0' + a[1:] if a[0] == '@' else a; " +
        $"s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.sendto(b'{message}', a)";
}
