using Supervision.Tests.Fakes;
using static Supervision.SupervisionEventKind;

namespace Supervision.Tests.Engine;

public sealed partial class SupervisorTests
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task OneForOne_FailedInstance_RestartsAloneAfterItsBackoff()
    {
        await using var h = new SupervisorHarness();
        h.AddType("a");
        h.AddType("b", count: 2);
        await h.StartAsync();
        ScriptedRun a1 = await h.Script.NextRunAsync("a.1");
        ScriptedRun b1 = await h.Script.NextRunAsync("b.1");
        ScriptedRun b2 = await h.Script.NextRunAsync("b.2");

        b1.Throw();
        SupervisionEvent backoff = await h.Events.WaitAsync(Backoff, "b.1");
        Assert.Equal(FirstDelay, backoff.Delay);
        h.Time.Advance(FirstDelay);

        ScriptedRun b1Again = await h.Script.NextRunAsync("b.1");
        Assert.Equal(1, b1Again.Context.RestartCount);
        Assert.False(a1.StoppingToken.IsCancellationRequested);
        Assert.False(b2.StoppingToken.IsCancellationRequested);
        Assert.Equal(1, h.Script.RunCount("a.1"));
        Assert.Equal(1, h.Script.RunCount("b.2"));
        Assert.Empty(h.Events.Of(Stopped));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task OneForAll_Failure_StopsAllInReverseOrderThenStartsAllInOrder()
    {
        await using var h = new SupervisorHarness(o => o.Strategy = SupervisionStrategy.OneForAll);
        h.AddType("a");
        h.AddType("b");
        h.AddType("c");
        await h.StartAsync();
        ScriptedRun b = await h.Script.NextRunAsync("b.1");
        await h.Script.NextRunAsync("a.1");
        await h.Script.NextRunAsync("c.1");

        b.Throw();
        await h.Events.WaitAsync(Backoff, "b.1");
        Assert.Equal(["c.1", "a.1"], h.Events.Of(Stopped).Select(e => e.Source));
        Assert.Equal(InstanceState.Backoff, h.Status("a.1").State);
        Assert.Equal(InstanceState.Backoff, h.Status("c.1").State);

        h.Time.Advance(FirstDelay);
        await h.Events.WaitAsync(Started, "c.1", count: 2);
        Assert.Equal(["a.1", "b.1", "c.1"], h.Events.Of(Started).Skip(3).Select(e => e.Source));
        Assert.Equal(1, h.Status("a.1").Restarts);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task RestForOne_Failure_RestartsTheFailedAndLaterSiblingsOnly()
    {
        await using var h = new SupervisorHarness(o => o.Strategy = SupervisionStrategy.RestForOne);
        h.AddType("a");
        h.AddType("b", count: 2);
        h.AddType("c");
        h.AddType("d");
        await h.StartAsync();
        ScriptedRun a = await h.Script.NextRunAsync("a.1");
        ScriptedRun b1 = await h.Script.NextRunAsync("b.1");
        ScriptedRun b2 = await h.Script.NextRunAsync("b.2");

        b1.Throw();
        await h.Events.WaitAsync(Backoff, "b.1");
        Assert.Equal(["d.1", "c.1"], h.Events.Of(Stopped).Select(e => e.Source));

        h.Time.Advance(FirstDelay);
        await h.Events.WaitAsync(Started, "d.1", count: 2);
        Assert.Equal(["b.1", "c.1", "d.1"], h.Events.Of(Started).Skip(5).Select(e => e.Source));
        Assert.False(a.StoppingToken.IsCancellationRequested);
        Assert.False(b2.StoppingToken.IsCancellationRequested);
        Assert.Equal(1, h.Script.RunCount("a.1"));
        Assert.Equal(1, h.Script.RunCount("b.2"));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task OneForAll_NeverChildThatExited_IsNotResurrectedByABystandersFailure()
    {
        await using var h = new SupervisorHarness(o => o.Strategy = SupervisionStrategy.OneForAll);
        h.AddType("once", restart: RestartPolicy.Never);
        h.AddType("b");
        await h.StartAsync();
        (await h.Script.NextRunAsync("once.1")).Return();
        await h.Events.WaitAsync(Exited, "once.1");

        (await h.Script.NextRunAsync("b.1")).Throw();
        await h.Events.WaitAsync(Backoff, "b.1");
        h.Time.Advance(FirstDelay);
        await h.Script.NextRunAsync("b.1");

        Assert.Equal(1, h.Script.RunCount("once.1"));
        Assert.Equal(InstanceState.Exited, h.Status("once.1").State);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task OneForAll_RunningNeverChild_IsStoppedBySiblingFailureAndStaysStopped()
    {
        await using var h = new SupervisorHarness(o => o.Strategy = SupervisionStrategy.OneForAll);
        h.AddType("temp", restart: RestartPolicy.Never);
        h.AddType("b");
        await h.StartAsync();
        ScriptedRun temp = await h.Script.NextRunAsync("temp.1");

        (await h.Script.NextRunAsync("b.1")).Throw();
        await h.Events.WaitAsync(Backoff, "b.1");
        h.Time.Advance(FirstDelay);
        await h.Script.NextRunAsync("b.1");

        Assert.True(temp.StoppingToken.IsCancellationRequested);
        Assert.Equal(1, h.Script.RunCount("temp.1"));
        Assert.Equal(InstanceState.Stopped, h.Status("temp.1").State);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task OneForOne_NeverChildFailure_IsNotRestartedAndTriggersNothing()
    {
        await using var h = new SupervisorHarness();
        h.AddType("temp", restart: RestartPolicy.Never);
        h.AddType("b");
        await h.StartAsync();
        ScriptedRun b = await h.Script.NextRunAsync("b.1");
        (await h.Script.NextRunAsync("temp.1")).Throw();
        await h.Events.WaitAsync(Exited, "temp.1");
        await h.StopAsync();

        Assert.Empty(h.Events.Of(Backoff));
        Assert.Equal(InstanceState.Failed, h.Status("temp.1").State);
        Assert.Equal(1, h.Script.RunCount("b.1"));
        Assert.True(b.StoppingToken.IsCancellationRequested);
    }
}
