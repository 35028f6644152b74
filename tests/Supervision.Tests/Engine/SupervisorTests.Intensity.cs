using Supervision.Tests.Fakes;
using static Supervision.SupervisionEventKind;

namespace Supervision.Tests.Engine;

public sealed partial class SupervisorTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Intensity_MaxRestartsAreToleratedAndOneMoreGivesUp()
    {
        await using var h = new SupervisorHarness(o => o.MaxRestarts = 3);
        h.AddType("w").Backoff.Initial = TimeSpan.Zero;
        h.AddType("bystander");
        await h.StartAsync();
        ScriptedRun bystander = await h.Script.NextRunAsync("bystander.1");

        for (int run = 1; run <= 3; run++)
        {
            (await h.Script.NextRunAsync("w.1")).Throw();
            await h.Events.WaitAsync(Started, "w.1", count: run + 1);
        }

        Assert.Empty(h.Events.Of(GaveUp));
        (await h.Script.NextRunAsync("w.1")).Throw();
        await h.Events.WaitAsync(GaveUp);
        await h.Supervisor.GaveUp.WaitAsync(TestTimeouts.Wait);

        Assert.Equal(4, h.Script.RunCount("w.1"));
        Assert.True(bystander.StoppingToken.IsCancellationRequested);
        SupervisorStatus status = h.Supervisor.GetStatus();
        Assert.Equal(SupervisorState.Fatal, status.State);
        Assert.All(status.ProcessTypes.SelectMany(t => t.Instances), i => Assert.Equal(InstanceState.Fatal, i.State));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Intensity_RestartsOlderThanTheWindow_AreNotCounted()
    {
        await using var h = new SupervisorHarness(o =>
        {
            o.MaxRestarts = 2;
            o.RestartWindow = TimeSpan.FromSeconds(10);
        });
        h.AddType("w").Backoff.Initial = TimeSpan.Zero;
        await h.StartAsync();

        for (int run = 1; run <= 12; run++)
        {
            (await h.Script.NextRunAsync("w.1")).Throw();
            await h.Events.WaitAsync(Started, "w.1", count: run + 1);
            h.Time.Advance(TimeSpan.FromSeconds(6));
        }

        Assert.Empty(h.Events.Of(GaveUp));
        Assert.Equal(SupervisorState.Running, h.Supervisor.GetStatus().State);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Intensity_EscalatesThroughTwoNestedGroupsToTheRoot()
    {
        await using var h = new SupervisorHarness(o => o.MaxRestarts = 1);
        h.AddType("top");
        h.AddGroup("outer", maxRestarts: 1);
        h.AddGroup("inner", maxRestarts: 1, parent: "outer");
        h.AddType("w", group: "inner").Backoff.Initial = TimeSpan.Zero;
        await h.StartAsync();
        ScriptedRun top = await h.Script.NextRunAsync("top.1");

        // inner gives up after 2 failures; outer restarts it once, then gives up on the second escalation;
        // the root restarts outer once, and gives up the second time: 2 × 2 × 2 runs of w.
        for (int run = 1; run <= 8; run++)
        {
            (await h.Script.NextRunAsync("w.1")).Throw();
        }

        await h.Events.WaitAsync(GaveUp);
        Assert.Equal(["inner", "inner", "outer", "inner", "inner", "outer"], h.Events.Of(Escalated).Select(e => e.Source));
        Assert.Equal(8, h.Script.RunCount("w.1"));
        Assert.Equal(1, h.Script.RunCount("top.1"));
        Assert.True(top.StoppingToken.IsCancellationRequested);
        Assert.Equal(SupervisorState.Fatal, h.Supervisor.GetStatus().State);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Intensity_GroupThatEscalates_IsRestartedWithoutDisturbingItsSiblings()
    {
        await using var h = new SupervisorHarness(o => o.MaxRestarts = 5);
        h.AddType("top");
        h.AddGroup("pipeline", SupervisionStrategy.RestForOne, maxRestarts: 0, parent: null);
        h.AddType("reader", group: "pipeline");
        h.AddType("writer", group: "pipeline");
        await h.StartAsync();
        ScriptedRun top = await h.Script.NextRunAsync("top.1");
        await h.Script.NextRunAsync("writer.1");

        (await h.Script.NextRunAsync("reader.1")).Throw();
        await h.Events.WaitAsync(Escalated, "pipeline");
        await h.Script.NextRunAsync("reader.1");
        await h.Script.NextRunAsync("writer.1");

        Assert.False(top.StoppingToken.IsCancellationRequested);
        Assert.Empty(h.Events.Of(GaveUp));
        Assert.Equal(SupervisorState.Running, h.Supervisor.GetStatus().State);
        Assert.Equal("pipeline", h.Supervisor.GetStatus().ProcessTypes.Single(t => t.Name == "reader").Group);
    }
}
