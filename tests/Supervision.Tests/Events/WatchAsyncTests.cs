using Supervision.Tests.Fakes;
using static Supervision.SupervisionEventKind;

namespace Supervision.Tests.Events;

public sealed class WatchAsyncTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task WatchAsync_AfterTheStart_BeginsWithTheStateOfEveryInstanceThenWhatHappensNext()
    {
        await using var h = new SupervisorHarness();
        h.AddType("w", count: 2).Backoff.Initial = TimeSpan.FromSeconds(1);
        await h.StartAsync();
        await h.Script.NextRunAsync("w.1");
        (await h.Script.NextRunAsync("w.2")).Throw();
        await h.Events.WaitAsync(Backoff, "w.2");

        using var cts = new CancellationTokenSource(TestTimeouts.Wait);
        await using IAsyncEnumerator<SupervisionEvent> reader = h.Supervisor.WatchAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        h.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(await reader.MoveNextAsync());
        Assert.Equal((Snapshot, "w.1", "w", 1, (InstanceState?)InstanceState.Running), (reader.Current.Kind, reader.Current.Source, reader.Current.TypeName, reader.Current.Instance, reader.Current.State));
        Assert.Null(reader.Current.Exit);
        Assert.True(await reader.MoveNextAsync());
        Assert.Equal((Snapshot, "w.2", (InstanceState?)InstanceState.Backoff), (reader.Current.Kind, reader.Current.Source, reader.Current.State));
        Assert.Equal(ExitReason.Failed, reader.Current.Exit?.Reason);
        Assert.True(await reader.MoveNextAsync());
        Assert.Equal((Started, "w.2", 1), (reader.Current.Kind, reader.Current.Source, reader.Current.RestartCount));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task WatchAsync_BeforeTheStart_HasNoSnapshotAndSeesEveryStart()
    {
        await using var h = new SupervisorHarness();
        h.AddType("w", count: 2);
        using var cts = new CancellationTokenSource(TestTimeouts.Wait);
        await using IAsyncEnumerator<SupervisionEvent> reader = h.Supervisor.WatchAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        await h.StartAsync();

        var started = new List<string>();
        while (started.Count < 2 && await reader.MoveNextAsync())
        {
            Assert.NotEqual(Snapshot, reader.Current.Kind);
            started.Add(reader.Current.Source);
        }

        Assert.Equal(["w.1", "w.2"], started.Order());
    }
}
