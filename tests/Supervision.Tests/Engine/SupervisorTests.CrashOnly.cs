using Supervision.Tests.Fakes;
using static Supervision.SupervisionEventKind;

namespace Supervision.Tests.Engine;

/// <summary>Crash-only loops: an exception in a supervisor's own loop is a failure of that supervisor, never a silent death.</summary>
public sealed partial class SupervisorTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task RootLoopThatThrows_StopsEveryChild_GivesUp_AndRequestsFailInsteadOfHanging()
    {
        var random = new ThrowingRandom();
        await using var h = new SupervisorHarness(random: random);
        h.AddType("bystander");
        h.AddType("w").Backoff.Jitter = 0.1;
        await h.StartAsync();
        ScriptedRun bystander = await h.Script.NextRunAsync("bystander.1");
        ScriptedRun w = await h.Script.NextRunAsync("w.1");

        random.Armed = true;
        w.Throw();
        await h.Events.WaitAsync(GaveUp);

        Assert.True(bystander.StoppingToken.IsCancellationRequested);
        Assert.Equal(SupervisorState.Fatal, h.Supervisor.GetStatus().State);
        Assert.Equal(InstanceState.Fatal, h.Status("bystander.1").State);
        Assert.Equal("the supervisor's random source failed", h.Supervisor.GaveUpCause?.Message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Supervisor.ScaleAsync("w", 2).WaitAsync(TestTimeouts.Wait));
        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Supervisor.RestartAsync("bystander").WaitAsync(TestTimeouts.Wait));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task GroupLoopThatThrows_FailsToItsParent_WhichRestartsTheGroup()
    {
        var random = new ThrowingRandom { Once = true };
        await using var h = new SupervisorHarness(random: random);
        h.AddType("outside");
        h.AddGroup("g");
        h.AddType("inner", group: "g").Backoff.Jitter = 0.1;
        await h.StartAsync();
        ScriptedRun outside = await h.Script.NextRunAsync("outside.1");
        ScriptedRun inner = await h.Script.NextRunAsync("inner.1");

        random.Armed = true;
        inner.Throw();
        ScriptedRun again = await h.Script.NextRunAsync("inner.1");

        await h.Events.WaitAsync(Escalated, "g");
        Assert.Single(h.Events.Of(Escalated, "g"));
        Assert.Equal(1, again.Context.RestartCount);
        Assert.False(outside.StoppingToken.IsCancellationRequested);
        Assert.Equal(SupervisorState.Running, h.Supervisor.GetStatus().State);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task StopTimeoutBeyondWhatATimerTakes_RestartAndScaleStillWork()
    {
        await using var h = new SupervisorHarness();
        h.AddType("w").StopTimeout = TimeSpan.FromDays(60);
        await h.StartAsync();
        await h.Script.NextRunAsync("w.1");

        await h.Supervisor.RestartAsync("w", 1).WaitAsync(TestTimeouts.Wait);
        await h.Script.NextRunAsync("w.1");
        await h.Supervisor.ScaleAsync("w", 0).WaitAsync(TestTimeouts.Wait);

        Assert.Equal(SupervisorState.Running, h.Supervisor.GetStatus().State);
        Assert.Equal(2, h.Script.RunCount("w.1"));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task OnFailure_AfterAFailedStart_IsRestartedWithBackoff()
    {
        await using var h = new SupervisorHarness();
        h.AddUnstartableType("broken").Restart = RestartPolicy.OnFailure;
        // A type that cannot start is never ready: the start does not complete, the retries go on.
        _ = h.BeginStart();

        SupervisionEvent backoff = await h.Events.WaitAsync(Backoff, "broken.1");

        Assert.Equal(FirstDelay, backoff.Delay);
        Assert.Equal(ExitReason.StartFailed, h.Status("broken.1").LastExit!.Value.Reason);
    }

    private sealed class ThrowingRandom : Random
    {
        public volatile bool Armed;

        public bool Once { get; init; }

        public override double NextDouble()
        {
            if (!Armed)
            {
                return 0.5;
            }

            Armed = !Once;
            throw new InvalidOperationException("the supervisor's random source failed");
        }
    }
}
