using System.Diagnostics;

namespace Supervision.Tests.Timing;

/// <summary>
/// The precise timers on their real thread, through the <see cref="PreciseTimeProvider"/> the supervisor uses; a clock
/// of this class's own, so that no other test's timers share its thread. What must hold is checked against <see cref="Stopwatch"/> (never early) or
/// made deterministic by holding the queue's one thread in a callback while timers are armed and changed: callbacks
/// run one after the other, so everything due meanwhile fires in due order once it is let go.
/// </summary>
public sealed class PreciseTimerTests
{
    private static readonly PreciseTimeProvider Clock = new("Supervision timers (tests)");

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Change_ManyDelays_NoneFiresBeforeItsDueTime()
    {
        TimeSpan[] delays = [.. Enumerable.Range(0, 40).Select(i => TimeSpan.FromMilliseconds(i * 0.7))];
        var fired = new TaskCompletionSource<TimeSpan>[delays.Length];
        var timers = new ITimer[delays.Length];
        for (int i = 0; i < delays.Length; i++)
        {
            var done = fired[i] = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
            long armedAt = Stopwatch.GetTimestamp();
            timers[i] = Clock.CreateTimer(_ => done.TrySetResult(Stopwatch.GetElapsedTime(armedAt)), null, delays[i], Timeout.InfiniteTimeSpan);
        }

        TimeSpan[] waited = await Task.WhenAll(fired.Select(f => f.Task)).WaitAsync(TestTimeouts.Wait);

        Assert.All(delays.Zip(waited), pair => Assert.True(pair.Second >= pair.First, $"armed for {pair.First}, fired after {pair.Second}"));
        DisposeAll(timers);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Change_OneShot_FiresOnceOnTheQueuesBackgroundThread()
    {
        int count = 0;
        var thread = new TaskCompletionSource<(string? Name, bool IsBackground)>(TaskCreationOptions.RunContinuationsAsynchronously);
        using ITimer timer = Clock.CreateTimer(
            _ =>
            {
                Interlocked.Increment(ref count);
                thread.TrySetResult((Thread.CurrentThread.Name, Thread.CurrentThread.IsBackground));
            },
            null,
            TimeSpan.FromMilliseconds(5),
            Timeout.InfiniteTimeSpan);

        Assert.Equal(("Supervision timers (tests)", true), await thread.Task.WaitAsync(TestTimeouts.Wait));
        await FiredAsync(TimeSpan.FromMilliseconds(30));
        Assert.Equal(1, Volatile.Read(ref count));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Change_Periodic_FiresAgainEveryPeriodUntilDisposed()
    {
        TimeSpan period = TimeSpan.FromMilliseconds(3);
        var firings = new List<long>();
        var third = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ITimer timer = Clock.CreateTimer(
            _ =>
            {
                lock (firings)
                {
                    firings.Add(Stopwatch.GetTimestamp());
                    if (firings.Count == 3)
                    {
                        third.TrySetResult();
                    }
                }
            },
            null,
            TimeSpan.Zero,
            period);

        await third.Task.WaitAsync(TestTimeouts.Wait);
        await timer.DisposeAsync();
        int countAtDispose;
        lock (firings)
        {
            countAtDispose = firings.Count;
        }

        await FiredAsync(TimeSpan.FromMilliseconds(20));
        lock (firings)
        {
            Assert.Equal(countAtDispose, firings.Count);
            Assert.All(firings.Zip(firings.Skip(1)), pair => Assert.True(Stopwatch.GetElapsedTime(pair.First, pair.Second) >= period));
        }
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Change_Infinite_DisarmsATimerThatWasDue()
    {
        using ManualResetEventSlim release = await HoldTheThreadAsync();
        int count = 0;
        using ITimer timer = Clock.CreateTimer(_ => Interlocked.Increment(ref count), null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);

        Assert.True(timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        Task sentinel = FiredAsync(TimeSpan.Zero);
        release.Set();
        await sentinel;

        Assert.Equal(0, Volatile.Read(ref count));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Change_AnArmedTimer_MovesItToTheNewDueTime()
    {
        using ManualResetEventSlim release = await HoldTheThreadAsync();
        var fired = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        using ITimer timer = Clock.CreateTimer(_ => fired.TrySetResult(Stopwatch.GetTimestamp()), null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);

        // Due already, then moved 50 ms on: a timer armed after it for now fires first, and it fires 50 ms on.
        long movedAt = Stopwatch.GetTimestamp();
        Assert.True(timer.Change(TimeSpan.FromMilliseconds(50), Timeout.InfiniteTimeSpan));
        Task sentinel = FiredAsync(TimeSpan.Zero);
        release.Set();
        await sentinel;
        Assert.False(fired.Task.IsCompleted);

        long firedAt = await fired.Task.WaitAsync(TestTimeouts.Wait);
        Assert.True(Stopwatch.GetElapsedTime(movedAt, firedAt) >= TimeSpan.FromMilliseconds(50));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Dispose_ADueTimer_NeverFiresAndLaterChangesReturnFalse()
    {
        using ManualResetEventSlim release = await HoldTheThreadAsync();
        int count = 0;
        ITimer timer = Clock.CreateTimer(_ => Interlocked.Increment(ref count), null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);

        timer.Dispose();
        Assert.False(timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        Task sentinel = FiredAsync(TimeSpan.Zero);
        release.Set();
        await sentinel;

        Assert.Equal(0, Volatile.Read(ref count));
        timer.Dispose(); // twice is fine
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task DisposeAsync_DuringItsCallback_CompletesWhenTheCallbackReturns()
    {
        (ITimer timer, ManualResetEventSlim release) = await EnterCallbackAsync();
        using ManualResetEventSlim _ = release;

        ValueTask disposed = timer.DisposeAsync();
        Assert.False(disposed.IsCompleted);
        release.Set();
        await disposed.AsTask().WaitAsync(TestTimeouts.Wait);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Change_ManyTimersDueAtOnce_FireInDueOrder()
    {
        using ManualResetEventSlim release = await HoldTheThreadAsync();
        var order = new List<ITimer>();
        var timers = new ITimer[30];
        var dueAt = new Dictionary<ITimer, long>();
        for (int i = 0; i < timers.Length; i++)
        {
            // Armed from the latest to the earliest; none fires before the thread is let go, however long this takes.
            int index = i;
            timers[i] = Clock.CreateTimer(_ => order.Add(timers[index]), null, TimeSpan.FromMilliseconds(timers.Length - i), Timeout.InfiniteTimeSpan);
            dueAt[timers[i]] = ((PreciseTimer)timers[i]).DueAt;
        }

        Task sentinel = FiredAsync(TimeSpan.FromMilliseconds(timers.Length + 1));
        release.Set();
        await sentinel;

        // Callbacks run one after the other on one thread; the sentinel's, the last, ran after all of these.
        Assert.Equal(timers.OrderBy(t => dueAt[t]), order);
        DisposeAll(timers);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Change_ACallbackThrows_LaterTimersStillFireAndTheExceptionIsReported()
    {
        var thrown = new InvalidOperationException("a callback that throws");
        var reported = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
        {
            if (e.Exception.InnerExceptions.Contains(thrown))
            {
                e.SetObserved();
                reported.TrySetResult();
            }
        }

        TaskScheduler.UnobservedTaskException += OnUnobserved;
        try
        {
            using ITimer thrower = Clock.CreateTimer(_ => throw thrown, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            await FiredAsync(TimeSpan.FromMilliseconds(5));

            // The report is the runtime's, for a faulted task nobody observed: it comes when that task is collected.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await reported.Task.WaitAsync(TestTimeouts.Wait);
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= OnUnobserved;
        }
    }

    [Theory]
    [InlineData(-2, -1)]
    [InlineData(0, -2)]
    public void Change_NegativeOtherThanInfinite_Throws(int dueMs, int periodMs)
    {
        using ITimer timer = Clock.CreateTimer(static _ => { }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        Assert.Throws<ArgumentOutOfRangeException>(() => timer.Change(TimeSpan.FromMilliseconds(dueMs), TimeSpan.FromMilliseconds(periodMs)));
    }

    /// <summary>A one-shot timer on the queue that completes the returned task from its callback, then is disposed.</summary>
    private static async Task FiredAsync(TimeSpan dueTime)
    {
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using ITimer sentinel = Clock.CreateTimer(static state => ((TaskCompletionSource)state!).TrySetResult(), fired, dueTime, Timeout.InfiniteTimeSpan);
        await fired.Task.WaitAsync(TestTimeouts.Wait);
    }

    /// <summary>Holds the queue's thread in a callback until the returned event is set (or the test's wait has passed).</summary>
    private static async Task<ManualResetEventSlim> HoldTheThreadAsync()
    {
        (ITimer holder, ManualResetEventSlim release) = await EnterCallbackAsync();
        holder.Dispose();
        return release;
    }

    /// <summary>A timer whose callback has started and waits until the returned event is set (or the test's wait has passed).</summary>
    private static async Task<(ITimer Timer, ManualResetEventSlim Release)> EnterCallbackAsync()
    {
        var release = new ManualResetEventSlim();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ITimer timer = Clock.CreateTimer(
            _ =>
            {
                entered.TrySetResult();
                release.Wait(TestTimeouts.Wait);
            },
            null,
            TimeSpan.Zero,
            Timeout.InfiniteTimeSpan);
        await entered.Task.WaitAsync(TestTimeouts.Wait);
        return (timer, release);
    }

    private static void DisposeAll(IEnumerable<ITimer> timers)
    {
        foreach (ITimer timer in timers)
        {
            timer.Dispose();
        }
    }
}
