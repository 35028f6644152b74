using Supervision.Tests.Fakes;
using static Supervision.SupervisionEventKind;

namespace Supervision.Tests.Engine;

public sealed partial class SupervisorTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task ScaleAsync_2To5To1_RunsExactlyTheExpectedInstances_AndLeavesTheOthersUntouched()
    {
        await using var h = new SupervisorHarness();
        h.AddType("w", count: 2);
        await h.StartAsync();
        ScriptedRun w1 = await h.Script.NextRunAsync("w.1");
        ScriptedRun w2 = await h.Script.NextRunAsync("w.2");
        h.Time.Advance(TimeSpan.FromSeconds(5));

        await h.Supervisor.ScaleAsync("w", 5).WaitAsync(TestTimeouts.Wait);
        Assert.Equal(["w.1", "w.2", "w.3", "w.4", "w.5"], h.Names("w"));
        Assert.All(h.Supervisor.GetStatus().ProcessTypes[0].Instances, i => Assert.Equal(InstanceState.Running, i.State));
        Assert.Equal(5, h.Supervisor.GetStatus().ProcessTypes[0].Count);
        Assert.False(w1.StoppingToken.IsCancellationRequested || w2.StoppingToken.IsCancellationRequested);
        Assert.Equal(TimeSpan.FromSeconds(5), h.Status("w.1").Uptime);
        await h.Script.NextRunAsync("w.5");

        await h.Supervisor.ScaleAsync("w", 1).WaitAsync(TestTimeouts.Wait);
        Assert.Equal(["w.1"], h.Names("w"));
        Assert.False(w1.StoppingToken.IsCancellationRequested);
        Assert.True(w2.StoppingToken.IsCancellationRequested);
        Assert.Equal((1, TimeSpan.FromSeconds(5), 0), (h.Script.RunCount("w.1"), h.Status("w.1").Uptime, h.Status("w.1").Restarts));

        // The highest numbers go first.
        await h.Events.WaitAsync(Stopped, count: 4);
        Assert.Equal(["w.5", "w.4", "w.3", "w.2"], h.Events.Of(Stopping).Select(e => e.Source));

        // Scaling up again reuses the lowest free numbers, as fresh instances.
        await h.Supervisor.ScaleAsync("w", 3).WaitAsync(TestTimeouts.Wait);
        Assert.Equal(["w.1", "w.2", "w.3"], h.Names("w"));
        Assert.Equal(0, h.Status("w.2").Restarts);
        await h.Events.WaitAsync(Started, "w.2", count: 2);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task ScaleAsync_DownDuringBackoff_CancelsTheBackoffAtOnce()
    {
        await using var h = new SupervisorHarness();
        h.AddType("w", count: 2).Backoff.Initial = TimeSpan.FromMinutes(1);
        await h.StartAsync();
        (await h.Script.NextRunAsync("w.2")).Throw();
        await h.Events.WaitAsync(Backoff, "w.2");

        await h.Supervisor.ScaleAsync("w", 1).WaitAsync(TestTimeouts.Wait);
        h.Time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(["w.1"], h.Names("w"));
        Assert.Equal(1, h.Script.RunCount("w.2"));
        Assert.Single(h.Events.Of(Started, "w.2"));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task ScaleAsync_ATypeInAGroup_IsCarriedOutByTheGroupsSupervisor()
    {
        await using var h = new SupervisorHarness();
        h.AddGroup("g", SupervisionStrategy.OneForAll);
        h.AddType("inner", group: "g");
        await h.StartAsync();

        await h.Supervisor.ScaleAsync("INNER", 2).WaitAsync(TestTimeouts.Wait);

        Assert.Equal(["inner.1", "inner.2"], h.Names("inner"));
        Assert.Equal("g", h.Supervisor.GetStatus().ProcessTypes.Single().Group);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task ScaleAsync_UnknownTypeOrNegativeCountOrNotRunning_Throws()
    {
        await using var h = new SupervisorHarness();
        h.AddType("w");
        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Supervisor.ScaleAsync("w", 2));
        await h.StartAsync();

        ArgumentException unknown = await Assert.ThrowsAsync<ArgumentException>(() => h.Supervisor.ScaleAsync("wrker", 2));
        Assert.Contains("'wrker'", unknown.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => h.Supervisor.ScaleAsync("w", -1));

        await h.StopAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Supervisor.ScaleAsync("w", 2));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task RestartAsync_OneInstance_RestartsOnlyIt_AndDoesNotCountAgainstTheIntensity()
    {
        await using var h = new SupervisorHarness(o => o.MaxRestarts = 0);
        h.AddType("w", count: 2);
        await h.StartAsync();
        ScriptedRun w1 = await h.Script.NextRunAsync("w.1");

        for (int i = 1; i <= 3; i++)
        {
            ScriptedRun before = await h.Script.NextRunAsync("w.2");
            await h.Supervisor.RestartAsync("w", 2).WaitAsync(TestTimeouts.Wait);
            Assert.True(before.StoppingToken.IsCancellationRequested);
        }

        Assert.Equal(SupervisorState.Running, h.Supervisor.GetStatus().State);
        Assert.Equal((InstanceState.Running, 3), (h.Status("w.2").State, h.Status("w.2").Restarts));
        Assert.False(w1.StoppingToken.IsCancellationRequested);
        Assert.Equal(1, h.Script.RunCount("w.1"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => h.Supervisor.RestartAsync("w", 3));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task RestartAsync_Rolling_WaitsForADownInstance_AndNeverHasMoreThanOneDown()
    {
        await using var h = new SupervisorHarness(o => o.MaxRestarts = -1);
        h.AddType("w", count: 3).Backoff.Initial = TimeSpan.FromMinutes(1);
        await h.StartAsync();
        (await h.Script.NextRunAsync("w.2")).Throw();
        await h.Events.WaitAsync(Backoff, "w.2");

        // w.2 is down: taking w.1 down too would make two.
        Task rolling = h.Supervisor.RestartAsync("w");
        await h.Supervisor.ScaleAsync("w", 3); // a message behind the restart request: the loop has seen it
        Assert.False(rolling.IsCompleted);
        Assert.Equal(1, h.Script.RunCount("w.1"));

        h.Time.Advance(TimeSpan.FromMinutes(1));
        await rolling.WaitAsync(TestTimeouts.Wait);

        await h.Events.WaitAsync(Started, "w.3", count: 2);
        Assert.Equal([2, 3, 2], [h.Events.Of(Started, "w.1").Count, h.Events.Of(Started, "w.2").Count, h.Events.Of(Started, "w.3").Count]);
        var down = new HashSet<string>();
        int maxDown = 0;
        foreach (SupervisionEvent e in h.Events.Snapshot())
        {
            if (e.Kind is Exited or Backoff or Stopping)
            {
                down.Add(e.Source);
            }
            else if (e.Kind == Started)
            {
                down.Remove(e.Source);
            }

            maxDown = Math.Max(maxDown, down.Count);
        }

        Assert.Equal(1, maxDown);
        Assert.Equal(["w.1", "w.2", "w.3"], h.Events.Of(Stopping).Select(e => e.Source));
        Assert.Equal(SupervisorState.Running, h.Supervisor.GetStatus().State);
    }
}
