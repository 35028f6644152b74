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
        IAsyncEnumerable<SupervisionEvent> first = hub.Watch(_time, cts.Token);
        IAsyncEnumerable<SupervisionEvent> second = hub.Watch(_time, cts.Token);
        for (int i = 1; i <= 100; i++)
        {
            hub.Publish(Event(i));
        }

        int[] expected = [.. Enumerable.Range(1, 100)];
        Assert.Equal(expected, await first.Take(100).Select(e => e.Instance).ToArrayAsync(cts.Token));
        Assert.Equal(expected, await second.Take(100).Select(e => e.Instance).ToArrayAsync(cts.Token));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Publish_ReaderThatDoesNotRead_NeverBlocksAndIsToldWhatItMissed()
    {
        var hub = new EventHub();
        using var cts = new CancellationTokenSource(TestTimeouts.Wait);
        IAsyncEnumerable<SupervisionEvent> lazy = hub.Watch(_time, cts.Token);
        int total = EventHub.ReaderCapacity + 500;
        for (int i = 1; i <= total; i++)
        {
            hub.Publish(Event(i));
        }

        SupervisionEvent[] seen = await lazy.Take(2).ToArrayAsync(cts.Token);
        Assert.Equal(SupervisionEventKind.Missed, seen[0].Kind);
        Assert.Equal(500, seen[0].Missed);
        Assert.Equal(1, seen[1].Instance);
    }

    [Fact]
    public void Publish_NoReaders_HasReadersIsFalse()
    {
        var hub = new EventHub();
        Assert.False(hub.HasReaders);
        _ = hub.Watch(_time, CancellationToken.None);
        Assert.True(hub.HasReaders);
    }
}
