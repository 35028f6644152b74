using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Supervision.Tests.Engine;

/// <summary>The clock's own timer wakes a supervisor's backoffs and deadlines: never early, on the precise clock below a millisecond too.</summary>
public sealed class DueScheduleTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Add_OnThePreciseClock_WakesOnItsTimersThreadAndNeverEarly()
    {
        TimeProvider time = PreciseTimeProvider.Shared;
        var woken = new TaskCompletionSource<(string? Thread, long At)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var schedule = new DueSchedule(time, () => woken.TrySetResult((Thread.CurrentThread.Name, time.GetTimestamp())));

        // Below a millisecond too: the precise timer gets the rest as it is and still fires no earlier.
        long dueAt = DueSchedule.DueAt(time, time.GetTimestamp(), TimeSpan.FromMilliseconds(10.4));
        schedule.Add(new DueEntry(null, 7, DueKind.Restart), dueAt);

        (string? thread, long at) = await woken.Task.WaitAsync(TestTimeouts.Wait);
        Assert.Equal("Supervision timers", thread);
        Assert.True(at >= dueAt, $"woken {time.GetElapsedTime(at, dueAt).TotalMilliseconds} ms early");
        Assert.True(schedule.TryTakeDue(out DueEntry entry));
        Assert.Equal(7, entry.Generation);
        schedule.Clear();
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Add_OnTheSystemClock_WakesOnDotNetsTimersUntilItIsDue()
    {
        TimeProvider time = TimeProvider.System;
        var wakes = Channel.CreateUnbounded<bool>();
        var schedule = new DueSchedule(time, () => wakes.Writer.TryWrite(Thread.CurrentThread.IsThreadPoolThread));

        // Below a millisecond: .NET's timer gets a whole one (less would fire at once); one that fires early on the
        // coarse tick is armed again, so the child is taken only once it is due.
        long dueAt = DueSchedule.DueAt(time, time.GetTimestamp(), TimeSpan.FromMilliseconds(0.4));
        schedule.Add(new DueEntry(null, 3, DueKind.Restart), dueAt);

        using var cts = new CancellationTokenSource(TestTimeouts.Wait);
        DueEntry entry;
        do
        {
            Assert.True(await wakes.Reader.ReadAsync(cts.Token), "woken off the thread pool");
        }
        while (!schedule.TryTakeDue(out entry));

        Assert.Equal(3, entry.Generation);
        Assert.True(time.GetTimestamp() >= dueAt);
        schedule.Clear();
    }

    [Fact]
    public void Add_OnAnotherClock_WakesWhenThatClockSaysSo()
    {
        var time = new FakeTimeProvider();
        int woken = 0;
        var schedule = new DueSchedule(time, () => woken++);
        schedule.Add(new DueEntry(null, 1, DueKind.Restart), DueSchedule.DueAt(time, time.GetTimestamp(), TimeSpan.FromSeconds(5)));

        time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));
        Assert.Equal(0, woken);
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, woken);
        Assert.True(schedule.TryTakeDue(out _));
    }
}
