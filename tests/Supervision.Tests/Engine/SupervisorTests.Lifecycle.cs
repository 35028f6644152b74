using Supervision.Tests.Fakes;
using static Supervision.SupervisionEventKind;

namespace Supervision.Tests.Engine;

/// <summary>Init steps, significant processes, exit verdicts of in-process workers, and planned restarts.</summary>
public sealed partial class SupervisorTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task InitStep_Completed_TheNextSlotStartsOnlyOnceItExitedCleanly_AndItIsNotRestarted()
    {
        await using var h = new SupervisorHarness();
        h.AddType("migrate").Readiness.Probe = ReadinessProbe.Completed;
        h.AddType("web");
        Task start = h.BeginStart();
        ScriptedRun migrate = await h.Script.NextRunAsync("migrate.1");

        Assert.Equal(InstanceState.Starting, h.Status("migrate.1").State);
        Assert.Equal(0, h.Script.RunCount("web.1"));
        migrate.Return();
        await h.Script.NextRunAsync("web.1");
        await start.WaitAsync(TestTimeouts.Wait);

        // Restart Always, yet an init step that completed is done for good.
        Assert.Equal(InstanceState.Exited, h.Status("migrate.1").State);
        Assert.Equal(1, h.Script.RunCount("migrate.1"));
        Assert.Empty(h.Events.Of(Backoff));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task InitStep_Completed_AFailureRetriesThroughBackoff_AndTheNextSlotWaits()
    {
        await using var h = new SupervisorHarness();
        ProcessTypeOptions migrate = h.AddType("migrate", restart: RestartPolicy.OnFailure);
        migrate.Readiness.Probe = ReadinessProbe.Completed;
        h.AddType("web");
        Task start = h.BeginStart();

        (await h.Script.NextRunAsync("migrate.1")).Throw();
        await h.Events.WaitAsync(Backoff, "migrate.1");
        h.Time.Advance(FirstDelay);
        (await h.Script.NextRunAsync("migrate.1")).Throw();
        await h.Events.WaitAsync(Backoff, "migrate.1", count: 2);
        Assert.Equal(0, h.Script.RunCount("web.1"));
        h.Time.Advance(FirstDelay * 2);
        (await h.Script.NextRunAsync("migrate.1")).Return();
        await h.Script.NextRunAsync("web.1");
        await start.WaitAsync(TestTimeouts.Wait);

        Assert.Equal(3, h.Script.RunCount("migrate.1"));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task InitStep_Completed_ThatAlwaysFails_GivesUpTheTree_WithTheNextSlotNeverStarted()
    {
        await using var h = new SupervisorHarness(o => o.MaxRestarts = 1);
        ProcessTypeOptions migrate = h.AddType("migrate", restart: RestartPolicy.OnFailure);
        migrate.Readiness.Probe = ReadinessProbe.Completed;
        migrate.Backoff.Initial = TimeSpan.Zero;
        h.AddType("web");
        Task start = h.BeginStart();

        (await h.Script.NextRunAsync("migrate.1")).Throw();
        (await h.Script.NextRunAsync("migrate.1")).Throw();
        await h.Supervisor.GaveUp.WaitAsync(TestTimeouts.Wait);
        await start.WaitAsync(TestTimeouts.Wait);

        Assert.Equal(0, h.Script.RunCount("web.1"));
        Assert.Equal(SupervisorState.Fatal, h.Supervisor.GetStatus().State);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task AutoShutdown_AnySignificant_ASignificantWorkerThatReturns_StopsTheOthersAndEndsTheTreeCleanly()
    {
        await using var h = new SupervisorHarness(o => o.AutoShutdown = AutoShutdown.AnySignificant);
        h.AddType("web", count: 2);
        ProcessTypeOptions job = h.AddType("job", restart: RestartPolicy.OnFailure);
        job.Significant = true;
        await h.StartAsync();
        ScriptedRun web1 = await h.Script.NextRunAsync("web.1");

        (await h.Script.NextRunAsync("job.1")).Return();
        await h.Supervisor.ShutDown.WaitAsync(TestTimeouts.Wait);
        SupervisionEvent shutDown = await h.Events.WaitAsync(ShutDown);

        Assert.True(web1.StoppingToken.IsCancellationRequested);
        Assert.Equal(SupervisorState.ShutDown, h.Supervisor.GetStatus().State);
        Assert.Equal(ExitReason.Completed, h.Supervisor.ShutDownExit!.Value.Reason);
        Assert.Equal(ExitReason.Completed, shutDown.Exit!.Value.Reason);
        Assert.Equal(InstanceState.Stopped, h.Status("web.2").State);
        Assert.False(h.Supervisor.GaveUp.IsCompleted);
        Assert.Equal(ShutDown, h.Events.Snapshot()[^1].Kind);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task AutoShutdown_AllSignificant_WaitsForEverySignificantChild_AndKeepsTheFirstFailure()
    {
        await using var h = new SupervisorHarness(o => o.AutoShutdown = AutoShutdown.AllSignificant);
        h.AddType("a", restart: RestartPolicy.Never).Significant = true;
        h.AddType("b", restart: RestartPolicy.OnFailure).Significant = true;
        h.AddType("web");
        await h.StartAsync();

        (await h.Script.NextRunAsync("a.1")).Throw();
        await h.Events.WaitAsync(Exited, "a.1");
        Assert.False(h.Supervisor.ShutDown.IsCompleted);
        Assert.Equal(InstanceState.Running, h.Status("web.1").State);

        (await h.Script.NextRunAsync("b.1")).Return();
        await h.Supervisor.ShutDown.WaitAsync(TestTimeouts.Wait);

        Assert.Equal(ExitReason.Failed, h.Supervisor.ShutDownExit!.Value.Reason);
        Assert.Equal(InstanceState.Stopped, h.Status("web.1").State);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task AutoShutdown_ASignificantChildStoppedByItsSupervisorsRestartSet_DoesNotTriggerIt_NorIsItWaitedFor()
    {
        // OTP: only a significant child that terminates by itself triggers auto_shutdown; one the supervisor
        // terminates (a temporary bystander of a restart) is simply gone.
        await using var h = new SupervisorHarness(o =>
        {
            o.Strategy = SupervisionStrategy.OneForAll;
            o.AutoShutdown = AutoShutdown.AllSignificant;
        });
        h.AddType("bystander", restart: RestartPolicy.Never).Significant = true;
        h.AddType("job", restart: RestartPolicy.OnFailure).Significant = true;
        h.AddType("web");
        await h.StartAsync();
        ScriptedRun bystander = await h.Script.NextRunAsync("bystander.1");
        await h.Script.NextRunAsync("job.1");

        (await h.Script.NextRunAsync("web.1")).Throw();
        await h.Events.WaitAsync(Backoff, "web.1");
        h.Time.Advance(FirstDelay);
        ScriptedRun job = await h.Script.NextRunAsync("job.1");
        await h.Script.NextRunAsync("web.1");

        Assert.True(bystander.StoppingToken.IsCancellationRequested);
        Assert.Equal(InstanceState.Stopped, h.Status("bystander.1").State);
        Assert.False(h.Supervisor.ShutDown.IsCompleted);
        job.Return();
        await h.Supervisor.ShutDown.WaitAsync(TestTimeouts.Wait);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task AutoShutdown_AnExitWhileTheFormationIsStillStarting_Counts()
    {
        await using var h = new SupervisorHarness(o => o.AutoShutdown = AutoShutdown.AnySignificant);
        ProcessTypeOptions first = h.AddType("first", restart: RestartPolicy.Never);
        first.Significant = true;
        first.Readiness.Probe = ReadinessProbe.Signal;
        h.AddType("later");
        Task start = h.BeginStart();

        (await h.Script.NextRunAsync("first.1")).Return();
        await h.Supervisor.ShutDown.WaitAsync(TestTimeouts.Wait);
        await start.WaitAsync(TestTimeouts.Wait);

        Assert.Equal(0, h.Script.RunCount("later.1"));
        Assert.Equal(SupervisorState.ShutDown, h.Supervisor.GetStatus().State);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task AutoShutdown_InAGroup_EndsTheGroupForGood_AndTheRootGoesOn_UnlessItShutsDownToo()
    {
        await using var h = new SupervisorHarness();
        h.AddGroup("batch").AutoShutdown = AutoShutdown.AnySignificant;
        h.AddType("step", restart: RestartPolicy.OnFailure, group: "batch").Significant = true;
        h.AddType("helper", group: "batch");
        h.AddType("web");
        await h.StartAsync();
        ScriptedRun helper = await h.Script.NextRunAsync("helper.1");

        (await h.Script.NextRunAsync("step.1")).Return();
        await h.Events.WaitAsync(Stopped, "helper.1");
        await h.Script.NextRunAsync("web.1");

        Assert.True(helper.StoppingToken.IsCancellationRequested);
        Assert.Equal(1, h.Script.RunCount("step.1"));
        Assert.Equal(1, h.Script.RunCount("helper.1"));
        Assert.Equal(InstanceState.Running, h.Status("web.1").State);
        Assert.False(h.Supervisor.ShutDown.IsCompleted);
        Assert.Equal(SupervisorState.Running, h.Supervisor.GetStatus().State);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task AutoShutdown_AGroupThatShutItselfDown_IsASignificantChildOfARootThatShutsDownToo()
    {
        await using var h = new SupervisorHarness(o => o.AutoShutdown = AutoShutdown.AnySignificant);
        h.AddGroup("batch").AutoShutdown = AutoShutdown.AnySignificant;
        h.AddType("step", restart: RestartPolicy.OnFailure, group: "batch").Significant = true;
        h.AddType("web");
        await h.StartAsync();

        (await h.Script.NextRunAsync("step.1")).Return();
        await h.Supervisor.ShutDown.WaitAsync(TestTimeouts.Wait);

        Assert.Equal(InstanceState.Stopped, h.Status("web.1").State);
        Assert.Equal(ExitReason.Completed, h.Supervisor.ShutDownExit!.Value.Reason);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task DoNotRestartException_EndsTheInstanceForGoodWhateverItsPolicy_AsACleanExit_WithoutCountingARestart()
    {
        await using var h = new SupervisorHarness(o => o.MaxRestarts = 0);
        h.AddType("w");
        h.AddType("other");
        await h.StartAsync();

        (await h.Script.NextRunAsync("w.1")).Throw(new DoNotRestartException("nothing left to do"));
        SupervisionEvent exited = await h.Events.WaitAsync(Exited, "w.1");

        Assert.Equal(ExitReason.Completed, exited.Exit!.Value.Reason);
        Assert.IsType<DoNotRestartException>(exited.Exit.Value.Exception);
        Assert.Equal(InstanceState.Exited, h.Status("w.1").State);
        Assert.Empty(h.Events.Of(Backoff));

        // MaxRestarts 0: had the end counted, this restart would be one too many.
        (await h.Script.NextRunAsync("other.1")).Throw();
        await h.Events.WaitAsync(GaveUp);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task TerminateSupervisorTreeException_InANestedGroup_GivesUpTheWholeTreeAtOnce_PastAnyIntensity()
    {
        await using var h = new SupervisorHarness(o => o.MaxRestarts = -1);
        h.AddGroup("inner", maxRestarts: -1);
        h.AddType("w", group: "inner");
        h.AddType("web");
        await h.StartAsync();

        (await h.Script.NextRunAsync("w.1")).Throw(new TerminateSupervisorTreeException("the licence key is gone"));
        await h.Supervisor.GaveUp.WaitAsync(TestTimeouts.Wait);

        Assert.IsType<TerminateSupervisorTreeException>(h.Supervisor.GaveUpCause);
        Assert.Equal(1, h.Script.RunCount("w.1"));
        Assert.Equal(InstanceState.Fatal, h.Status("web.1").State);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task MaxLifetime_RestartsTheInstanceAsPlanned_NoFailureCounted_NoBackoffGrowth()
    {
        await using var h = new SupervisorHarness(o => o.MaxRestarts = 0);
        h.AddType("cache").MaxLifetime = TimeSpan.FromSeconds(1);
        await h.StartAsync();
        ScriptedRun first = await h.Script.NextRunAsync("cache.1");

        for (int restart = 1; restart <= 3; restart++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(1));
            ScriptedRun next = await h.Script.NextRunAsync("cache.1");
            Assert.Equal(restart, next.Context.RestartCount);
        }

        Assert.True(first.StoppingToken.IsCancellationRequested);
        Assert.Empty(h.Events.Of(Backoff));
        Assert.Empty(h.Events.Of(GaveUp));
        Assert.All(h.Events.Of(Stopped, "cache.1"), e => Assert.Equal(ExitReason.Stopped, e.Exit!.Value.Reason));
        Assert.Equal(InstanceState.Running, h.Status("cache.1").State);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task MaxLifetime_IsJittered_AndRollsOneInstanceAtATime()
    {
        await using var h = new SupervisorHarness(random: new SequenceRandom(0.0, 0.5));
        ProcessTypeOptions web = h.AddType("web", count: 2);
        web.MaxLifetime = TimeSpan.FromSeconds(10);
        web.Readiness.Probe = ReadinessProbe.Signal;
        Task start = h.BeginStart();
        (await h.Script.NextRunAsync("web.1")).Context.ReportReady();
        (await h.Script.NextRunAsync("web.2")).Context.ReportReady();
        await start.WaitAsync(TestTimeouts.Wait);

        // web.2 drew a tenth of its lifetime off at most (0.5 → 5 %): it is due at 9.5 s, web.1 at 10 s.
        h.Time.Advance(TimeSpan.FromSeconds(9.5));
        ScriptedRun web2 = await h.Script.NextRunAsync("web.2");
        h.Time.Advance(TimeSpan.FromSeconds(0.5));
        await h.Events.WaitAsync(Stopping, "web.2");
        Assert.Single(h.Events.Of(Stopping, "web.2"));
        Assert.Empty(h.Events.Of(Stopping, "web.1"));

        web2.Context.ReportReady();
        await h.Script.NextRunAsync("web.1");
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task RestartSchedule_RestartsEveryInstanceAsPlanned_AtEachOccurrence()
    {
        await using var h = new SupervisorHarness();
        h.AddType("report", count: 2).RestartSchedule = "*/10 * * * * *";
        await h.StartAsync();
        await h.Script.NextRunAsync("report.1");
        await h.Script.NextRunAsync("report.2");

        h.Time.Advance(TimeSpan.FromSeconds(10));
        await h.Script.NextRunAsync("report.1");
        await h.Script.NextRunAsync("report.2");
        h.Time.Advance(TimeSpan.FromSeconds(10));
        await h.Script.NextRunAsync("report.1");
        await h.Script.NextRunAsync("report.2");

        Assert.Equal(2, h.Status("report.2").Restarts);
        Assert.Empty(h.Events.Of(Backoff));
    }

    private sealed class SequenceRandom(params double[] units) : Random
    {
        private int _next;

        public override double NextDouble() => units[_next++ % units.Length];
    }
}
