using Microsoft.Extensions.Time.Testing;

namespace Supervision.Tests.Tree;

/// <summary>Which timer wakes a supervisor's backoffs: the precise one on the system clock, the provider's own otherwise.</summary>
public sealed class BackoffScheduleTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Add_OnTheSystemClock_WakesOnThePreciseTimersThreadAndNeverEarly()
    {
        TimeProvider time = TimeProvider.System;
        var woken = new TaskCompletionSource<(string? Thread, long At)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var schedule = new BackoffSchedule(time, () => woken.TrySetResult((Thread.CurrentThread.Name, time.GetTimestamp())));

        // Below a millisecond too: the precise timer gets the rest as it is and still fires no earlier.
        long dueAt = BackoffSchedule.DueAt(time, time.GetTimestamp(), TimeSpan.FromMilliseconds(10.4));
        schedule.Add(null!, 7, dueAt);

        (string? thread, long at) = await woken.Task.WaitAsync(TestTimeouts.Wait);
        Assert.Equal("Supervision timers", thread);
        Assert.True(at >= dueAt, $"woken {time.GetElapsedTime(at, dueAt).TotalMilliseconds} ms early");
        Assert.True(schedule.TryTakeDue(out _, out int generation));
        Assert.Equal(7, generation);
        schedule.Clear();
    }

    [Fact]
    public void Add_OnAnotherClock_WakesWhenThatClockSaysSo()
    {
        var time = new FakeTimeProvider();
        int woken = 0;
        var schedule = new BackoffSchedule(time, () => woken++);
        schedule.Add(null!, 1, BackoffSchedule.DueAt(time, time.GetTimestamp(), TimeSpan.FromSeconds(5)));

        time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));
        Assert.Equal(0, woken);
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, woken);
        Assert.True(schedule.TryTakeDue(out _, out _));
    }
}
