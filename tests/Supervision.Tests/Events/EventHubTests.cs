using Microsoft.Extensions.Time.Testing;

namespace Supervision.Tests.Events;

public sealed class EventHubTests
{
    private readonly FakeTimeProvider _time = new();

    private static SupervisionEvent Event(int i) => new(SupervisionEventKind.Started, default, $"w.{i}", "w", i);

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Watch_TwoReaders_SeeTheSameEventsInOrder()
    {
        var hub = new EventHub();
        using var cts = new CancellationTokenSource(TestTimeouts.Wait);
        await using IAsyncEnumerator<SupervisionEvent> first = hub.Watch(_time, null, cts.Token).GetAsyncEnumerator(cts.Token);
        await using IAsyncEnumerator<SupervisionEvent> second = hub.Watch(_time, null, cts.Token).GetAsyncEnumerator(cts.Token);
        for (int i = 1; i <= 100; i++)
        {
            hub.Publish(Event(i));
        }

        int[] expected = [.. Enumerable.Range(1, 100)];
        Assert.Equal(expected, await TakeAsync(first, 100, e => e.Instance));
        Assert.Equal(expected, await TakeAsync(second, 100, e => e.Instance));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Publish_ReaderThatDoesNotRead_NeverBlocksLosesTheOldestAndIsToldHowMany()
    {
        var hub = new EventHub();
        using var cts = new CancellationTokenSource(TestTimeouts.Wait);
        await using IAsyncEnumerator<SupervisionEvent> lazy = hub.Watch(_time, null, cts.Token).GetAsyncEnumerator(cts.Token);
        int total = EventHub.ReaderCapacity + 500;
        for (int i = 1; i <= total; i++)
        {
            hub.Publish(Event(i));
        }

        // A live view wants what is happening now: the gap is where the oldest were, then the most recent follow.
        SupervisionEvent[] seen = await TakeAsync(lazy, EventHub.ReaderCapacity + 1, e => e);
        Assert.Equal(SupervisionEventKind.Missed, seen[0].Kind);
        Assert.Equal(500, seen[0].Missed);
        Assert.Equal(Enumerable.Range(501, EventHub.ReaderCapacity), seen.Skip(1).Select(e => e.Instance));

        hub.Publish(Event(total + 1));
        Assert.True(await lazy.MoveNextAsync());
        Assert.Equal(total + 1, lazy.Current.Instance);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Watch_Subscribes_OnlyWhenEnumerationBeginsAndUntilTheEnumeratorIsDisposed()
    {
        var hub = new EventHub();
        IAsyncEnumerable<SupervisionEvent> events = hub.Watch(_time, null, CancellationToken.None);
        Assert.False(hub.HasReaders);

        IAsyncEnumerator<SupervisionEvent> reader = events.GetAsyncEnumerator();
        Assert.True(hub.HasReaders);
        await reader.DisposeAsync();

        Assert.False(hub.HasReaders);
        Assert.Equal(0, hub.ReaderCount);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task WatchAsync_FiveThousandCallsNeverEnumerated_HoldNoReaderAndNoEvents()
    {
        using Supervisor supervisor = new SupervisorBuilder { TimeProvider = _time }.Build();
        EventHub hub = supervisor.Runtime.Events;
        var kept = new List<IAsyncEnumerable<SupervisionEvent>>(5_000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5_000; i++)
        {
            kept.Add(supervisor.WatchAsync());
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        for (int i = 1; i <= 2 * EventHub.ReaderCapacity; i++)
        {
            supervisor.Runtime.Publish(SupervisionEventKind.Started, $"w.{i}", "w", i);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();

        // Each call is a small object that subscribes nothing; a reader that was subscribed would keep a full buffer.
        Assert.Equal(0, hub.ReaderCount);
        Assert.False(hub.HasReaders);
        Assert.True(allocated < 5_000 * 256, $"{allocated} bytes for 5,000 calls");

        // They still work when enumerated later: from then on, nothing from before.
        using var cts = new CancellationTokenSource(TestTimeouts.Wait);
        await using IAsyncEnumerator<SupervisionEvent> late = kept[^1].GetAsyncEnumerator(cts.Token);
        Assert.Equal(1, hub.ReaderCount);
        supervisor.Runtime.Publish(SupervisionEventKind.Stopped, "w.1", "w", 1);
        Assert.True(await late.MoveNextAsync());
        Assert.Equal(SupervisionEventKind.Stopped, late.Current.Kind);
        GC.KeepAlive(kept);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Enumerator_TokenCancelledWhileWaiting_ReleasesTheReaderAndThrows()
    {
        var hub = new EventHub();
        using var cts = new CancellationTokenSource();
        IAsyncEnumerator<SupervisionEvent> reader = hub.Watch(_time, null, cts.Token).GetAsyncEnumerator();
        ValueTask<bool> waiting = reader.MoveNextAsync();
        Assert.False(waiting.IsCompleted);
        Assert.Equal(1, hub.ReaderCount);

        await cts.CancelAsync();

        Assert.Equal(0, hub.ReaderCount);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await waiting);
        await reader.DisposeAsync();
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Enumerator_TokenCancelledAndNeverDisposed_ReleasesTheReader()
    {
        var hub = new EventHub();
        using var watch = new CancellationTokenSource();
        using var enumeration = new CancellationTokenSource();
        IAsyncEnumerator<SupervisionEvent> byWatchToken = hub.Watch(_time, null, watch.Token).GetAsyncEnumerator();
        IAsyncEnumerator<SupervisionEvent> byEnumeratorToken = hub.Watch(_time, null, CancellationToken.None).GetAsyncEnumerator(enumeration.Token);
        IAsyncEnumerator<SupervisionEvent> byEither = hub.Watch(_time, null, watch.Token).GetAsyncEnumerator(enumeration.Token);
        Assert.Equal(3, hub.ReaderCount);

        await enumeration.CancelAsync();
        Assert.Equal(1, hub.ReaderCount);
        await watch.CancelAsync();
        Assert.Equal(0, hub.ReaderCount);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await byWatchToken.MoveNextAsync());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await byEnumeratorToken.MoveNextAsync());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await byEither.MoveNextAsync());
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Enumerator_TokenCancelledBeforeEnumeration_NeverSubscribes()
    {
        var hub = new EventHub();
        int snapshots = 0;
        IAsyncEnumerator<SupervisionEvent> reader = hub.Watch(_time, () => { snapshots++; return []; }, new CancellationToken(canceled: true)).GetAsyncEnumerator();

        Assert.Equal(0, hub.ReaderCount);
        Assert.Equal(0, snapshots);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await reader.MoveNextAsync());
        await reader.DisposeAsync();
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Enumerator_Snapshot_ComesFirstThenEverythingPublishedSinceItBegan()
    {
        var hub = new EventHub();
        hub.Publish(Event(1));
        SupervisionEvent[] snapshot =
        [
            new(SupervisionEventKind.Snapshot, default, "w.1", "w", 1, State: InstanceState.Running),
            new(SupervisionEventKind.Snapshot, default, "w.2", "w", 2, State: InstanceState.Backoff),
        ];
        using var cts = new CancellationTokenSource(TestTimeouts.Wait);
        await using IAsyncEnumerator<SupervisionEvent> reader = hub.Watch(_time, () => snapshot, cts.Token).GetAsyncEnumerator(cts.Token);
        hub.Publish(Event(2));
        hub.Publish(Event(3));

        SupervisionEvent[] seen = await TakeAsync(reader, 4, e => e);

        Assert.Equal(snapshot, seen[..2]);
        Assert.Equal([2, 3], seen[2..].Select(e => e.Instance));
        Assert.All(seen[2..], e => Assert.Equal(SupervisionEventKind.Started, e.Kind));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public Task Enumerator_SnapshotThrows_SubscribesNothing()
    {
        var hub = new EventHub();
        using var cts = new CancellationTokenSource(TestTimeouts.Wait);
        IAsyncEnumerable<SupervisionEvent> events = hub.Watch(_time, () => throw new InvalidOperationException("no status"), cts.Token);

        Assert.Throws<InvalidOperationException>(() => events.GetAsyncEnumerator(cts.Token));

        Assert.Equal(0, hub.ReaderCount);
        return Task.CompletedTask;
    }

    private static async Task<T[]> TakeAsync<T>(IAsyncEnumerator<SupervisionEvent> reader, int count, Func<SupervisionEvent, T> select)
    {
        var taken = new T[count];
        for (int i = 0; i < count; i++)
        {
            Assert.True(await reader.MoveNextAsync());
            taken[i] = select(reader.Current);
        }

        return taken;
    }
}
