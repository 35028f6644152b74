using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Supervision.Timing;

/// <summary>
/// Timers that fire on the precise clock (<see cref="Stopwatch"/>) instead of the coarse one. .NET's own timers count
/// <see cref="Environment.TickCount64"/>, which on Linux is <c>CLOCK_MONOTONIC_COARSE</c>: one kernel tick, 4 ms at
/// HZ=250, so a timer fires up to a tick late and backoffs missed the formula by 6–9.5 ms. Here one
/// dedicated background thread per queue (the process has one, <see cref="PreciseTimeProvider.Shared"/>'s; started with
/// the first timer armed) keeps every armed timer in a heap,
/// sleeps in <see cref="Monitor.Wait(object, int)"/> for the whole milliseconds until the earliest is due (rounded up,
/// as that wait is precise to a fraction of a millisecond), and fires it once <see cref="Stopwatch"/> says it is due:
/// never early, late by the wait's own error.
/// <para>
/// Callbacks run on that thread one after the other, so they must be short and never block: ours posts one message to
/// a supervisor's inbox. A callback that throws does not stop the thread: the exception is left in a faulted task
/// nobody observes, which the runtime reports through <see cref="TaskScheduler.UnobservedTaskException"/> without
/// ending the process (a thread shared by every supervisor has no logger of its own to write to).
/// </para>
/// </summary>
internal sealed class PreciseTimerQueue
{
    // The longest wait Timer.Change accepts, 0xFFFFFFFE ms (about 49.7 days).
    private const long MaxSupportedMilliseconds = 0xFFFFFFFE;

    private readonly object _gate = new();
    private readonly PreciseTimerHeap _heap = new();
    private readonly string _threadName;
    private Thread? _thread;
    private PreciseTimer? _running;

    public PreciseTimerQueue(string threadName)
    {
        _threadName = threadName;
    }

    /// <summary>A timer like <see cref="TimeProvider.CreateTimer"/>'s, armed with <paramref name="dueTime"/> and <paramref name="period"/>.</summary>
    public PreciseTimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new PreciseTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    internal bool Change(PreciseTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        long due = ToStopwatchTicks(dueTime, nameof(dueTime));
        long every = ToStopwatchTicks(period, nameof(period));
        long now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            if (timer.IsDisposed)
            {
                return false;
            }

            timer.Period = Math.Max(every, 0);
            if (due < 0)
            {
                _heap.Remove(timer);
            }
            else if (_heap.Set(timer, now + due))
            {
                // The earliest changed: the thread wakes up to wait for the new one instead.
                EnsureThread();
                Monitor.Pulse(_gate);
            }

            return true;
        }
    }

    internal void Dispose(PreciseTimer timer)
    {
        lock (_gate)
        {
            timer.IsDisposed = true;
            _heap.Remove(timer);
        }
    }

    internal ValueTask DisposeAsync(PreciseTimer timer)
    {
        lock (_gate)
        {
            timer.IsDisposed = true;
            _heap.Remove(timer);

            // Its own callback cannot wait for itself to return.
            if (_running != timer || Environment.CurrentManagedThreadId == _thread!.ManagedThreadId)
            {
                return ValueTask.CompletedTask;
            }

            timer.CallbackReturned ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return new ValueTask(timer.CallbackReturned.Task);
        }
    }

    /// <summary><paramref name="value"/> in <see cref="Stopwatch"/> ticks, rounded up (never early); -1 for infinite.</summary>
    private static long ToStopwatchTicks(TimeSpan value, string paramName)
    {
        if (value == Timeout.InfiniteTimeSpan)
        {
            return -1;
        }

        if (value < TimeSpan.Zero || value.TotalMilliseconds > MaxSupportedMilliseconds)
        {
            throw new ArgumentOutOfRangeException(paramName, value, "The value must be Timeout.InfiniteTimeSpan or between 0 and 0xFFFFFFFE milliseconds.");
        }

        return (long)((((Int128)value.Ticks * Stopwatch.Frequency) + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond);
    }

    /// <summary>Whole milliseconds, rounded up, to wait for <paramref name="ticks"/> Stopwatch ticks.</summary>
    private static int WaitMilliseconds(long ticks)
    {
        long ms = (long)Math.Ceiling(ticks * 1000.0 / Stopwatch.Frequency);

        // Further than Monitor.Wait can wait: it waits in steps and checks the clock again.
        return (int)Math.Clamp(ms, 1, int.MaxValue - 1);
    }

    private void EnsureThread()
    {
        if (_thread is not null)
        {
            return;
        }

        // Background, so that it never keeps a process alive; its callbacks need no context of whoever armed first.
        _thread = new Thread(static state => ((PreciseTimerQueue)state!).Run())
        {
            IsBackground = true,
            Name = _threadName,
        };
        _thread.UnsafeStart(this);
    }

    private void Run()
    {
        // Any context but the default makes .NET queue a completed task's continuations to the thread pool instead of
        // running them inline here, where they would hold up every other timer.
        SynchronizationContext.SetSynchronizationContext(new ContinuationsElsewhere());
        PreciseTimer? returned = null;
        while (true)
        {
            PreciseTimer timer = TakeNextDue(returned);
            try
            {
                timer.Invoke();
            }
            catch (Exception exception)
            {
                Report(exception);
            }

            returned = timer;
        }
    }

    /// <summary>Marks the previous callback as returned, then waits for the next timer that is due and takes it.</summary>
    private PreciseTimer TakeNextDue(PreciseTimer? returned)
    {
        lock (_gate)
        {
            if (returned is not null)
            {
                _running = null;
                returned.CallbackReturned?.TrySetResult();
                returned.CallbackReturned = null;
            }

            while (true)
            {
                long now = Stopwatch.GetTimestamp();
                if (_heap.TryTakeDue(now, out PreciseTimer? timer))
                {
                    if (timer.Period > 0)
                    {
                        _heap.Set(timer, now + timer.Period);
                    }

                    _running = timer;
                    return timer;
                }

                // Nothing armed: no wake-up until something is (a Change pulses).
                if (!_heap.TryPeekDueAt(out long dueAt))
                {
                    Monitor.Wait(_gate);
                }
                else
                {
                    Monitor.Wait(_gate, WaitMilliseconds(dueAt - now));
                }
            }
        }
    }

    /// <summary>The base context's behaviour (posts go to the thread pool) under a type of its own.</summary>
    private sealed class ContinuationsElsewhere : SynchronizationContext
    {
    }

    // Not inlined: the faulted task must not outlive this frame in a stack slot of the thread's endless loop.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Report(Exception exception) =>
        _ = Task.FromException(exception);
}
