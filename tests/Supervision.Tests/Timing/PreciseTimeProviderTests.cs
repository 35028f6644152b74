using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace Supervision.Tests.Timing;

/// <summary>The precise clock as a <see cref="TimeProvider"/>: the system's time, its own timers, nobody's continuations on its thread.</summary>
public sealed class PreciseTimeProviderTests
{
    private static readonly PreciseTimeProvider Clock = new("Supervision timers (provider tests)");

    [Fact(Timeout = TestTimeouts.Test)]
    public Task GetTimestamp_IsTheSystemClocks()
    {
        long before = Stopwatch.GetTimestamp();
        long now = Clock.GetTimestamp();
        long after = Stopwatch.GetTimestamp();

        Assert.Equal(Stopwatch.Frequency, Clock.TimestampFrequency);
        Assert.InRange(now, before, after);
        Assert.InRange(Clock.GetUtcNow(), TimeProvider.System.GetUtcNow() - TimeSpan.FromMinutes(1), TimeProvider.System.GetUtcNow() + TimeSpan.FromMinutes(1));
        return Task.CompletedTask;
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task CreateTimer_FiresOnTheSharedQueuesThreadAndNeverEarly()
    {
        var fired = new TaskCompletionSource<(string? Thread, TimeSpan Waited)>(TaskCreationOptions.RunContinuationsAsynchronously);
        long armedAt = Stopwatch.GetTimestamp();
        using ITimer timer = PreciseTimeProvider.Shared.CreateTimer(
            _ => fired.TrySetResult((Thread.CurrentThread.Name, Stopwatch.GetElapsedTime(armedAt))), null, TimeSpan.FromMilliseconds(2.5), Timeout.InfiniteTimeSpan);

        (string? thread, TimeSpan waited) = await fired.Task.WaitAsync(TestTimeouts.Wait);

        Assert.Equal("Supervision timers", thread);
        Assert.True(waited >= TimeSpan.FromMilliseconds(2.5), $"fired after {waited}");
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Delay_OnThisClock_ContinuesOnTheThreadPoolNotOnTheTimersThread()
    {
        (string? thread, bool poolThread) = await ContinuationThreadAsync(Task.Delay(TimeSpan.FromMilliseconds(1), Clock));

        Assert.NotEqual("Supervision timers (provider tests)", thread);
        Assert.True(poolThread);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task WaitAsync_TimedOutOnThisClock_ContinuesOnTheThreadPoolNotOnTheTimersThread()
    {
        var never = new TaskCompletionSource();

        (string? thread, bool poolThread) = await ContinuationThreadAsync(never.Task.WaitAsync(TimeSpan.FromMilliseconds(1), Clock));

        Assert.NotEqual("Supervision timers (provider tests)", thread);
        Assert.True(poolThread);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public Task ForClock_TheSystemClock_GetsThePreciseTimersAndAnyOtherStaysAsItIs()
    {
        var fake = new FakeTimeProvider();

        Assert.Same(PreciseTimeProvider.Shared, PreciseTimeProvider.ForClock(TimeProvider.System));
        Assert.Same(fake, PreciseTimeProvider.ForClock(fake));
        Assert.Same(Clock, PreciseTimeProvider.ForClock(Clock));
        return Task.CompletedTask;
    }

    /// <summary>Where the code after <c>await task.ConfigureAwait(false)</c> runs: wherever .NET lets it continue.</summary>
    private static async Task<(string? Thread, bool PoolThread)> ContinuationThreadAsync(Task task)
    {
        await task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return (Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread);
    }
}
