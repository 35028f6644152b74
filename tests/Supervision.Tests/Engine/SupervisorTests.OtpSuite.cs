using Supervision.Tests.Fakes;
using static Supervision.SupervisionEventKind;

namespace Supervision.Tests.Engine;

/// <summary>Cases of Erlang/OTP's <c>supervisor_SUITE</c>, on this engine: escalation of restart sets, failures during a set's start, shutdown order.</summary>
public sealed partial class SupervisorTests
{
    [Theory(Timeout = TestTimeouts.Test)]
    [InlineData(SupervisionStrategy.OneForAll)]
    [InlineData(SupervisionStrategy.RestForOne)]
    public async Task Otp_RestartSetEscalation_StopsEveryChildInReverseOrderAndGivesUp(SupervisionStrategy strategy)
    {
        // one_for_all_escalation, rest_for_one_escalation: MaxRestarts 1, the second failure inside the window escalates.
        await using var h = new SupervisorHarness(o => (o.Strategy, o.MaxRestarts) = (strategy, 1));
        h.AddType("a").Backoff.Initial = TimeSpan.Zero;
        h.AddType("b").Backoff.Initial = TimeSpan.Zero;
        h.AddType("c").Backoff.Initial = TimeSpan.Zero;
        await h.StartAsync();
        await h.Script.NextRunAsync("a.1");
        (await h.Script.NextRunAsync("b.1")).Throw();
        await h.Events.WaitAsync(Started, "c.1", count: 2);

        (await h.Script.NextRunAsync("b.1")).Throw();
        await h.Events.WaitAsync(GaveUp);

        Assert.Equal(["c.1", "a.1"], h.Events.Of(Stopped).Skip(strategy == SupervisionStrategy.OneForAll ? 2 : 1).Select(e => e.Source));
        Assert.All(h.Supervisor.GetStatus().ProcessTypes.SelectMany(t => t.Instances), i => Assert.Equal(InstanceState.Fatal, i.State));
        Assert.Equal(SupervisorState.Fatal, h.Supervisor.GetStatus().State);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Otp_OneForAll_AMemberThatFailsAsTheSetStarts_RestartsTheSetAgainAfterItsOwnBackoff()
    {
        // one_for_all_other_child_fails_restart: the set's second start fails in another member; the set goes round again.
        await using var h = new SupervisorHarness(o => o.Strategy = SupervisionStrategy.OneForAll);
        h.AddType("a");
        h.AddType("b");
        await h.StartAsync();
        await h.Script.NextRunAsync("a.1");
        (await h.Script.NextRunAsync("b.1")).Throw();
        await h.Events.WaitAsync(Backoff, "b.1");

        h.Script.ThrowSynchronously.Add("a");
        h.Time.Advance(FirstDelay);
        await h.Events.WaitAsync(Backoff, "a.1");
        h.Script.ThrowSynchronously.Remove("a");
        h.Time.Advance(FirstDelay);
        await h.Events.WaitAsync(Started, "b.1", count: 3);

        Assert.Equal(["a.1", "b.1", "a.1", "b.1", "a.1", "b.1"], h.Events.Of(Started).Select(e => e.Source));
        Assert.Equal(2, h.Script.RunCount("a.1"));
        Assert.Equal(3, h.Script.RunCount("b.1"));
        Assert.Equal(SupervisorState.Running, h.Supervisor.GetStatus().State);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Otp_Shutdown_StopsInReverseStartOrderThroughNestedGroups()
    {
        await using var h = new SupervisorHarness();
        h.AddType("a");
        h.AddGroup("g");
        h.AddType("b", group: "g");
        h.AddType("c", group: "g");
        h.AddType("d");
        await h.StartAsync();
        foreach (string name in new[] { "a.1", "b.1", "c.1", "d.1" })
        {
            await h.Script.NextRunAsync(name);
        }

        await h.StopAsync();
        await h.Events.WaitAsync(Stopped, "a.1");

        Assert.Equal(["a.1", "b.1", "c.1", "d.1"], h.Events.Of(Started).Select(e => e.Source));
        Assert.Equal(["d.1", "c.1", "b.1", "a.1"], h.Events.Of(Stopped).Select(e => e.Source));
    }
}
