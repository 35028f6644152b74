using Supervision.Tests.Fakes;
using static Supervision.SupervisionEventKind;

namespace Supervision.Tests.Engine;

/// <summary>
/// Restart sets as one unit (OTP <c>supervisor_SUITE</c>: one_for_all, rest_for_one): members stop in reverse
/// start order, then, once the failed child's backoff is over, start in start order; none restarts on its own schedule.
/// </summary>
public sealed partial class SupervisorTests
{
    private static readonly TimeSpan LongDelay = TimeSpan.FromSeconds(10);

    [Theory(Timeout = TestTimeouts.Test)]
    [InlineData(null)]
    [InlineData("rest")]
    public async Task RestForOne_FailedChild_StartsBeforeTheLaterSiblings_WhateverTheirOwnBackoffs(string? group)
    {
        await using var h = new SupervisorHarness(o => o.Strategy = SupervisionStrategy.RestForOne);
        if (group is not null)
        {
            h.AddGroup(group, SupervisionStrategy.RestForOne);
        }

        h.AddType("a", group: group);
        h.AddType("b", group: group);
        h.AddType("c", group: group).Backoff.Initial = TimeSpan.Zero;
        await h.StartAsync();
        await h.Script.NextRunAsync("a.1");
        ScriptedRun b = await h.Script.NextRunAsync("b.1");
        await h.Script.NextRunAsync("c.1");

        b.Throw();
        await h.Events.WaitAsync(Backoff, "b.1");

        // c's own backoff is zero, but it is a member of b's set: it waits for b's.
        Assert.Equal(1, h.Script.RunCount("c.1"));
        Assert.Equal(InstanceState.Backoff, h.Status("c.1").State);
        h.Time.Advance(FirstDelay);
        await h.Events.WaitAsync(Started, "c.1", count: 2);

        Assert.Equal(["b.1", "c.1"], h.Events.Of(Started).Skip(3).Select(e => e.Source));
        Assert.Equal(["Exited b.1", "Stopping c.1", "Stopped c.1", "Backoff b.1", "Started b.1", "Started c.1"], Sequence(h).Skip(3));
        Assert.Equal(1, h.Script.RunCount("a.1"));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task OneForAll_InANestedGroup_StopsInReverseAndStartsInOrder_AfterTheFailedChildsBackoff()
    {
        await using var h = new SupervisorHarness();
        h.AddType("outside");
        h.AddGroup("all", SupervisionStrategy.OneForAll);
        h.AddType("a", group: "all").Backoff.Initial = TimeSpan.Zero;
        h.AddType("b", group: "all").Backoff.Initial = LongDelay;
        h.AddType("c", group: "all").Backoff.Initial = TimeSpan.FromMilliseconds(1);
        await h.StartAsync();
        ScriptedRun outside = await h.Script.NextRunAsync("outside.1");
        await h.Script.NextRunAsync("a.1");
        ScriptedRun b = await h.Script.NextRunAsync("b.1");
        await h.Script.NextRunAsync("c.1");

        b.Throw();
        await h.Events.WaitAsync(Backoff, "b.1");
        h.Time.Advance(LongDelay - TimeSpan.FromTicks(1));
        Assert.Equal(1, h.Script.RunCount("a.1"));
        Assert.Equal(1, h.Script.RunCount("c.1"));

        h.Time.Advance(TimeSpan.FromTicks(1));
        await h.Events.WaitAsync(Started, "c.1", count: 2);

        Assert.Equal(["Exited b.1", "Stopping c.1", "Stopped c.1", "Stopping a.1", "Stopped a.1", "Backoff b.1", "Started a.1", "Started b.1", "Started c.1"], Sequence(h).Skip(4));
        Assert.False(outside.StoppingToken.IsCancellationRequested);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task RestForOne_AFailureWhileASetIsPending_JoinsIt_AndTheSetStartsOnceAtTheLaterTime()
    {
        await using var h = new SupervisorHarness(o => o.Strategy = SupervisionStrategy.RestForOne);
        h.AddType("a");
        h.AddType("b");
        h.AddType("c");
        await h.StartAsync();
        ScriptedRun a = await h.Script.NextRunAsync("a.1");
        ScriptedRun b = await h.Script.NextRunAsync("b.1");
        await h.Script.NextRunAsync("c.1");

        b.Throw();
        await h.Events.WaitAsync(Backoff, "b.1");
        h.Time.Advance(FirstDelay / 2);
        a.Throw();
        await h.Events.WaitAsync(Backoff, "a.1");

        // b's own time comes and goes: the set now waits for a's.
        h.Time.Advance(FirstDelay / 2);
        Assert.Equal(1, h.Script.RunCount("b.1"));
        h.Time.Advance(FirstDelay / 2);
        await h.Events.WaitAsync(Started, "c.1", count: 2);

        Assert.Equal(["a.1", "b.1", "c.1"], h.Events.Of(Started).Skip(3).Select(e => e.Source));
        Assert.Equal(2, h.Script.RunCount("a.1"));
        Assert.Equal(2, h.Script.RunCount("b.1"));
        Assert.Equal(2, h.Script.RunCount("c.1"));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task OneForAll_OnFailureChildThatExitedCleanly_IsNotBroughtBackByTheSet()
    {
        await using var h = new SupervisorHarness(o => o.Strategy = SupervisionStrategy.OneForAll);
        h.AddType("job", restart: RestartPolicy.OnFailure);
        h.AddType("b");
        await h.StartAsync();
        (await h.Script.NextRunAsync("job.1")).Return();
        await h.Events.WaitAsync(Exited, "job.1");

        (await h.Script.NextRunAsync("b.1")).Throw();
        await h.Events.WaitAsync(Backoff, "b.1");
        h.Time.Advance(FirstDelay);
        await h.Script.NextRunAsync("b.1");

        Assert.Equal(1, h.Script.RunCount("job.1"));
        Assert.Equal(InstanceState.Exited, h.Status("job.1").State);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task OneForAll_StopDuringTheSetsBackoff_StartsNothing()
    {
        await using var h = new SupervisorHarness(o => o.Strategy = SupervisionStrategy.OneForAll);
        h.AddType("a");
        h.AddType("b");
        await h.StartAsync();
        await h.Script.NextRunAsync("a.1");
        (await h.Script.NextRunAsync("b.1")).Throw();
        await h.Events.WaitAsync(Backoff, "b.1");

        await h.StopAsync();
        h.Time.Advance(LongDelay);

        Assert.Equal(1, h.Script.RunCount("a.1"));
        Assert.Equal(1, h.Script.RunCount("b.1"));
        Assert.Equal(InstanceState.Stopped, h.Status("a.1").State);
        Assert.Equal(InstanceState.Stopped, h.Status("b.1").State);
    }

    private static IEnumerable<string> Sequence(SupervisorHarness h) =>
        h.Events.Snapshot().Where(e => e.Kind is Started or Exited or Stopping or Stopped or Backoff).Select(e => $"{e.Kind} {e.Source}");
}
