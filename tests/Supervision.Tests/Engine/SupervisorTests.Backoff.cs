using Supervision.Tests.Fakes;
using static Supervision.SupervisionEventKind;

namespace Supervision.Tests.Engine;

public sealed partial class SupervisorTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Backoff_WithoutJitter_FollowsTheFormulaExactly()
    {
        await using var h = new SupervisorHarness(o => o.MaxRestarts = -1);
        BackoffOptions backoff = h.AddType("w").Backoff;
        backoff.Max = TimeSpan.FromMilliseconds(500);
        await h.StartAsync();

        int[] expectedMs = [100, 200, 400, 500, 500];
        for (int i = 0; i < expectedMs.Length; i++)
        {
            (await h.Script.NextRunAsync("w.1")).Throw();
            SupervisionEvent e = await h.Events.WaitAsync(Backoff, "w.1", count: i + 1);
            Assert.Equal(TimeSpan.FromMilliseconds(expectedMs[i]), e.Delay);
            Assert.Equal(InstanceState.Backoff, h.Status("w.1").State);

            // One tick short of the delay starts nothing yet.
            h.Time.Advance(e.Delay!.Value - TimeSpan.FromTicks(1));
            Assert.Equal(i + 1, h.Script.RunCount("w.1"));
            h.Time.Advance(TimeSpan.FromTicks(1));
        }
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Backoff_CountsFromTheFailure_NotFromWhenItsRestartSetHadStopped()
    {
        await using var h = new SupervisorHarness(o => o.Strategy = SupervisionStrategy.OneForAll);
        h.AddType("a").Backoff.Initial = TimeSpan.FromSeconds(5);
        h.AddType("stubborn").StopTimeout = TimeSpan.FromSeconds(2);
        h.Script.IgnoreStop.Add("stubborn");
        await h.StartAsync();
        ScriptedRun stubborn = await h.Script.NextRunAsync("stubborn.1");

        (await h.Script.NextRunAsync("a.1")).Throw();
        await h.Events.WaitAsync(Stopping, "stubborn.1");
        h.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(5), (await h.Events.WaitAsync(Backoff, "a.1")).Delay);

        // The two seconds spent stopping the restart set were part of the five.
        h.Time.Advance(TimeSpan.FromSeconds(3) - TimeSpan.FromTicks(1));
        Assert.Equal(1, h.Script.RunCount("a.1"));
        h.Time.Advance(TimeSpan.FromTicks(1));
        await h.Script.NextRunAsync("a.1");
        stubborn.Return();
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Backoff_OfSeveralInstances_EachRestartsWhenItsOwnDelayIsOver()
    {
        await using var h = new SupervisorHarness(o => o.MaxRestarts = -1);
        h.AddType("w", count: 3);
        await h.StartAsync();
        TimeSpan gap = TimeSpan.FromMilliseconds(30);
        for (int i = 1; i <= 3; i++)
        {
            (await h.Script.NextRunAsync($"w.{i}")).Throw();
            await h.Events.WaitAsync(Backoff, $"w.{i}");
            h.Time.Advance(gap);
        }

        // w.1 failed 90 ms ago, w.2 60 ms, w.3 30 ms: one timer serves them all, each at its own time.
        h.Time.Advance(FirstDelay - (3 * gap) - TimeSpan.FromTicks(1));
        Assert.Equal([1, 1, 1], [h.Script.RunCount("w.1"), h.Script.RunCount("w.2"), h.Script.RunCount("w.3")]);
        for (int i = 1; i <= 3; i++)
        {
            h.Time.Advance(i == 1 ? TimeSpan.FromTicks(1) : gap);
            await h.Script.NextRunAsync($"w.{i}");
            for (int later = i + 1; later <= 3; later++)
            {
                Assert.Equal(1, h.Script.RunCount($"w.{later}"));
            }
        }
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Backoff_WithJitter_StaysWithinBoundsAndNeverAboveMax()
    {
        await using var h = new SupervisorHarness(o => o.MaxRestarts = -1, new Random(42));
        BackoffOptions backoff = h.AddType("w").Backoff;
        backoff.Jitter = 0.5;
        backoff.Max = TimeSpan.FromMilliseconds(800);
        await h.StartAsync();

        for (int i = 1; i <= 8; i++)
        {
            (await h.Script.NextRunAsync("w.1")).Throw();
            TimeSpan delay = (await h.Events.WaitAsync(Backoff, "w.1", count: i)).Delay!.Value;
            TimeSpan nominal = TimeSpan.FromMilliseconds(Math.Min(800, 100 * Math.Pow(2, i - 1)));
            Assert.InRange(delay, nominal * 0.5, nominal);
            h.Time.Advance(delay);
        }
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Backoff_AfterRunningForResetAfter_StartsOverFromInitial()
    {
        await using var h = new SupervisorHarness(o => o.MaxRestarts = -1);
        h.AddType("w").Backoff.ResetAfter = TimeSpan.FromSeconds(10);
        await h.StartAsync();

        (await h.Script.NextRunAsync("w.1")).Throw();
        h.Time.Advance((await h.Events.WaitAsync(Backoff, "w.1", count: 1)).Delay!.Value);
        (await h.Script.NextRunAsync("w.1")).Throw();
        TimeSpan second = (await h.Events.WaitAsync(Backoff, "w.1", count: 2)).Delay!.Value;
        Assert.Equal(FirstDelay * 2, second);
        h.Time.Advance(second);

        ScriptedRun stable = await h.Script.NextRunAsync("w.1");
        h.Time.Advance(TimeSpan.FromSeconds(10));
        stable.Throw();
        Assert.Equal(FirstDelay, (await h.Events.WaitAsync(Backoff, "w.1", count: 3)).Delay);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Stop_DuringBackoff_ReturnsAtOnceAndStartsNothing()
    {
        await using var h = new SupervisorHarness();
        h.AddType("w").Backoff.Initial = TimeSpan.FromMinutes(1);
        h.AddType("w-max-guard");
        await h.StartAsync();
        (await h.Script.NextRunAsync("w.1")).Throw();
        await h.Events.WaitAsync(Backoff, "w.1");

        await h.StopAsync();
        h.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(1, h.Script.RunCount("w.1"));
        Assert.Equal(InstanceState.Stopped, h.Status("w.1").State);
        Assert.Single(h.Events.Of(Started, "w.1"));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task UpdateProcessType_ChangedPolicyAndBackoff_ApplyFromTheNextRestart()
    {
        await using var h = new SupervisorHarness(o => o.MaxRestarts = -1);
        h.AddType("w");
        await h.StartAsync();
        (await h.Script.NextRunAsync("w.1")).Throw();
        h.Time.Advance((await h.Events.WaitAsync(Backoff, "w.1")).Delay!.Value);
        ScriptedRun second = await h.Script.NextRunAsync("w.1");

        var reloaded = new ProcessTypeOptions { Restart = RestartPolicy.OnFailure };
        reloaded.Backoff.Initial = TimeSpan.FromSeconds(3);
        reloaded.Backoff.Jitter = 0;
        h.Supervisor.UpdateProcessType("w", reloaded);
        second.Throw();
        Assert.Equal(TimeSpan.FromSeconds(6), (await h.Events.WaitAsync(Backoff, "w.1", count: 2)).Delay);
        h.Time.Advance(TimeSpan.FromSeconds(6));

        (await h.Script.NextRunAsync("w.1")).Return();
        await h.Events.WaitAsync(Exited, "w.1", count: 3);
        await h.StopAsync();
        Assert.Equal(2, h.Events.Of(Backoff, "w.1").Count);
        Assert.Equal(InstanceState.Exited, h.Status("w.1").State);
    }
}
