using Supervision.Tests.Fakes;
using static Supervision.SupervisionEventKind;

namespace Supervision.Tests.Engine;

/// <summary>Readiness gates the start and rolling restarts; a run not ready in time, or one that stops beating, is a failure.</summary>
public sealed partial class SupervisorTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Readiness_Signal_TheNextSlotAndTheStartWaitForReportReady()
    {
        await using var h = new SupervisorHarness();
        h.AddType("db").Readiness.Probe = ReadinessProbe.Signal;
        h.AddType("api");
        Task start = h.BeginStart();
        ScriptedRun db = await h.Script.NextRunAsync("db.1");

        Assert.Equal(InstanceState.Starting, h.Status("db.1").State);
        Assert.Equal(0, h.Script.RunCount("api.1"));
        Assert.False(start.IsCompleted);

        db.Context.ReportReady();
        await h.Script.NextRunAsync("api.1");
        await start.WaitAsync(TestTimeouts.Wait);
        await h.Events.WaitAsync(Ready, "db.1");

        Assert.Equal(InstanceState.Running, h.Status("db.1").State);
        Assert.Equal(["Started db.1", "Ready db.1", "Started api.1"], h.Events.Snapshot().Where(e => e.Kind is Started or Ready).Select(e => $"{e.Kind} {e.Source}"));

        // Started says whether the instance is ready yet: db.1 waits for its probe, api.1 has none.
        Assert.Equal([InstanceState.Starting, InstanceState.Running], h.Events.Of(Started).Select(e => e.State));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Readiness_NotReadyWithinItsTimeout_IsStoppedAndRestartedAsAFailure()
    {
        await using var h = new SupervisorHarness();
        ProcessTypeOptions slow = h.AddType("slow");
        slow.Readiness.Probe = ReadinessProbe.Signal;
        slow.Readiness.Timeout = TimeSpan.FromSeconds(2);
        _ = h.BeginStart();
        ScriptedRun first = await h.Script.NextRunAsync("slow.1");

        await SettleAsync(h);
        h.Time.Advance(TimeSpan.FromSeconds(2));
        SupervisionEvent exited = await h.Events.WaitAsync(Exited, "slow.1");
        await h.Events.WaitAsync(Backoff, "slow.1");
        await SettleAsync(h);
        h.Time.Advance(FirstDelay);
        ScriptedRun second = await h.Script.NextRunAsync("slow.1");

        Assert.True(first.StoppingToken.IsCancellationRequested);
        Assert.Equal(ExitReason.NotReady, exited.Exit!.Value.Reason);
        Assert.Single(h.Events.Of(Stopped, "slow.1"));
        Assert.Equal(1, second.Context.RestartCount);
        second.Context.ReportReady();
        await h.Events.WaitAsync(Ready, "slow.1");
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Readiness_AReportFromAnEarlierRun_DoesNotMakeTheNextOneReady()
    {
        await using var h = new SupervisorHarness(o => o.MaxRestarts = -1);
        ProcessTypeOptions w = h.AddType("w");
        w.Readiness.Probe = ReadinessProbe.Signal;
        w.Backoff.Initial = TimeSpan.Zero;
        _ = h.BeginStart();
        ScriptedRun first = await h.Script.NextRunAsync("w.1");
        first.Throw();
        ScriptedRun second = await h.Script.NextRunAsync("w.1");

        first.Context.ReportReady();
        second.Context.Heartbeat();

        Assert.Equal(InstanceState.Starting, h.Status("w.1").State);
        second.Context.ReportReady();
        await h.Events.WaitAsync(Ready, "w.1");
        Assert.Single(h.Events.Of(Ready, "w.1"));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Liveness_Heartbeat_ARunThatStopsBeatingIsHungAndRestarted()
    {
        await using var h = new SupervisorHarness();
        ProcessTypeOptions w = h.AddType("w");
        w.Liveness.Probe = LivenessProbe.Heartbeat;
        w.Liveness.Timeout = TimeSpan.FromMilliseconds(500);
        await h.StartAsync();
        ScriptedRun run = await h.Script.NextRunAsync("w.1");

        for (int beat = 0; beat < 4; beat++)
        {
            h.Time.Advance(TimeSpan.FromMilliseconds(400));
            run.Context.Heartbeat();
        }

        Assert.Empty(h.Events.Of(Exited, "w.1"));
        h.Time.Advance(TimeSpan.FromMilliseconds(500));
        SupervisionEvent exited = await h.Events.WaitAsync(Exited, "w.1");
        h.Time.Advance(FirstDelay);
        await h.Script.NextRunAsync("w.1");

        Assert.Equal(ExitReason.Hung, exited.Exit!.Value.Reason);
        Assert.True(run.StoppingToken.IsCancellationRequested);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Readiness_ARollingRestartTakesTheNextInstanceDownOnlyOnceTheLastIsReady()
    {
        await using var h = new SupervisorHarness();
        ProcessTypeOptions web = h.AddType("web", count: 2);
        web.Readiness.Probe = ReadinessProbe.Signal;
        Task start = h.BeginStart();
        (await h.Script.NextRunAsync("web.1")).Context.ReportReady();
        (await h.Script.NextRunAsync("web.2")).Context.ReportReady();
        await start.WaitAsync(TestTimeouts.Wait);

        Task rolling = h.Supervisor.RestartAsync("web");
        ScriptedRun web1 = await h.Script.NextRunAsync("web.1");
        Assert.Equal(1, h.Script.RunCount("web.2"));
        web1.Context.ReportReady();
        ScriptedRun web2 = await h.Script.NextRunAsync("web.2");
        Assert.False(rolling.IsCompleted);
        web2.Context.ReportReady();
        await rolling.WaitAsync(TestTimeouts.Wait);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Readiness_MinReady_ARollingRestartTakesTheNextInstanceDownOnlyOnceTheLastHasBeenReadyThatLong()
    {
        await using var h = new SupervisorHarness();
        ProcessTypeOptions web = h.AddType("web", count: 2);
        web.Readiness.Probe = ReadinessProbe.Signal;
        web.Readiness.MinReady = TimeSpan.FromSeconds(2);
        web.Readiness.Timeout = TimeSpan.FromHours(1);     // the clock may run far ahead below: no replacement times out
        Task start = h.BeginStart();
        (await h.Script.NextRunAsync("web.1")).Context.ReportReady();
        (await h.Script.NextRunAsync("web.2")).Context.ReportReady();

        // The start does not wait for MinReady; a rolling restart does, for web.2 too before web.1 goes.
        await start.WaitAsync(TestTimeouts.Wait);
        Task rolling = h.Supervisor.RestartAsync("web");
        ScriptedRun web1 = await RestartedAfterAsync(h, "web.1", TimeSpan.FromSeconds(2));
        web1.Context.ReportReady();
        await h.Events.WaitAsync(Ready, "web.1", count: 2);   // the replacement's, not the first run's
        ScriptedRun web2 = await RestartedAfterAsync(h, "web.2", TimeSpan.FromSeconds(2));
        web2.Context.ReportReady();

        // RestartAsync ends when the last replacement is ready, not available.
        await rolling.WaitAsync(TestTimeouts.Wait);
        await h.Events.WaitAsync(Ready, "web.2", count: 2);
        IReadOnlyList<SupervisionEvent> events = h.Events.Snapshot();
        DateTimeOffset web1Ready = events.Last(e => e is { Kind: Ready, Source: "web.1" }).Timestamp;
        DateTimeOffset web2Restarted = events.First(e => e is { Kind: Started, Source: "web.2", RestartCount: 1 }).Timestamp;
        Assert.True(web2Restarted - web1Ready >= TimeSpan.FromSeconds(2), $"web.2 went down {(web2Restarted - web1Ready).TotalMilliseconds} ms after web.1 was ready");
        Assert.True(events.First(e => e is { Kind: Started, Source: "web.1", RestartCount: 1 }).Timestamp - events[0].Timestamp >= TimeSpan.FromSeconds(2));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Readiness_MinReady_AReplacementThatFailsBeforeItIsAvailable_HoldsTheRollingRestart()
    {
        await using var h = new SupervisorHarness();
        ProcessTypeOptions web = h.AddType("web", count: 2);
        web.Readiness.MinReady = TimeSpan.FromSeconds(2);
        web.Backoff.Initial = TimeSpan.FromSeconds(10);
        web.Backoff.Jitter = 0;
        await h.StartAsync();
        await h.Script.NextRunAsync("web.1");
        await h.Script.NextRunAsync("web.2");
        h.Time.Advance(TimeSpan.FromSeconds(2));

        Task rolling = h.Supervisor.RestartAsync("web");
        ScriptedRun web1 = await h.Script.NextRunAsync("web.1");
        h.Time.Advance(TimeSpan.FromSeconds(1));
        web1.Throw();
        await h.Events.WaitAsync(Backoff, "web.1");

        // web.1 failed within its MinReady and waits out its backoff: web.2 stays up meanwhile.
        await AssertNotRestartedWithinAsync(h, "web.2", TimeSpan.FromSeconds(9));
        Assert.Empty(h.Events.Of(Stopping, "web.2"));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.Script.NextRunAsync("web.1");
        await RestartedAfterAsync(h, "web.2", TimeSpan.FromSeconds(2));
        await rolling.WaitAsync(TestTimeouts.Wait);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Readiness_MinReady_RaisedByAReloadDuringARollingRestart_IsWaitedFor_AndTheRestartGoesOn()
    {
        await using var h = new SupervisorHarness();
        ProcessTypeOptions web = h.AddType("web", count: 2);
        web.Readiness.MinReady = TimeSpan.FromSeconds(2);
        await h.StartAsync();
        await h.Script.NextRunAsync("web.1");
        await h.Script.NextRunAsync("web.2");

        // web.2 is not available yet: the restart waits, its moment on the schedule for 2 s.
        Task rolling = h.Supervisor.RestartAsync("web");
        await SettleAsync(h);
        var reloaded = new ProcessTypeOptions();
        reloaded.Readiness.MinReady = TimeSpan.FromSeconds(4);
        h.Supervisor.UpdateProcessType("web", reloaded);

        // At 2 s the old moment comes: web.2 is still short of the new MinReady, so the restart waits on, for 4 s.
        await AssertNotRestartedWithinAsync(h, "web.1", TimeSpan.FromSeconds(3));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.Script.NextRunAsync("web.1");
        await RestartedAfterAsync(h, "web.2", TimeSpan.FromSeconds(4));
        await rolling.WaitAsync(TestTimeouts.Wait);
        Assert.True(h.Time.GetUtcNow() - h.Events.Snapshot()[0].Timestamp >= TimeSpan.FromSeconds(8));
    }

    /// <summary>Moves the fake clock on by <paramref name="by"/>, lets the loops settle, and checks that <paramref name="name"/> ran only once.</summary>
    private static async Task AssertNotRestartedWithinAsync(SupervisorHarness h, string name, TimeSpan by)
    {
        h.Time.Advance(by);
        await SettleAsync(h);
        Assert.Equal(1, h.Script.RunCount(name));
    }

    /// <summary>
    /// Checks that <paramref name="name"/> has not restarted 100 ms short of <paramref name="after"/> from now on the fake
    /// clock, then moves on to it and returns the run that starts there.
    /// </summary>
    private static async Task<ScriptedRun> RestartedAfterAsync(SupervisorHarness h, string name, TimeSpan after)
    {
        await AssertNotRestartedWithinAsync(h, name, after - TimeSpan.FromMilliseconds(100));
        h.Time.Advance(TimeSpan.FromMilliseconds(100));
        return await h.Script.NextRunAsync(name);
    }

    /// <summary>
    /// Waits until every loop has handled what was posted to it so far (a ping answers after them), so that the timers
    /// it arms exist before the fake clock moves: an advance made before a timer is armed would never fire it.
    /// </summary>
    private static async Task SettleAsync(SupervisorHarness h) => Assert.True(await h.Supervisor.PingAsync(TestTimeouts.Wait));
}
