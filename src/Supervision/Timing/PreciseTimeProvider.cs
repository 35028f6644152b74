namespace Supervision.Timing;

/// <summary>
/// The system clock with precise timers: timestamps and wall-clock time are <see cref="TimeProvider.System"/>'s
/// (<see cref="System.Diagnostics.Stopwatch"/>), but <see cref="CreateTimer"/>'s timers fire on a
/// <see cref="PreciseTimerQueue"/> instead of .NET's, which count the kernel's coarse tick (4 ms at HZ=250) and fire
/// up to a tick late. A host whose clock is the system's supervises on <see cref="Shared"/>; a clock of the
/// application's (a <c>FakeTimeProvider</c> in tests) is used as it is.
/// <para>
/// Unlike .NET's timers, callbacks run one after the other on the queue's one thread, without the creator's
/// <see cref="ExecutionContext"/>, so they must be short and never block (the supervisor's post one message to a
/// loop). Continuations of tasks a callback completes, such as <see cref="Task.Delay(TimeSpan, TimeProvider)"/> or
/// <see cref="Task.WaitAsync(TimeSpan, TimeProvider)"/> on this clock, do not run on that thread: it has a
/// synchronization context of its own, where .NET queues them to the thread pool rather than inline them.
/// </para>
/// </summary>
internal sealed class PreciseTimeProvider : TimeProvider
{
    private readonly PreciseTimerQueue _queue;

    /// <summary>A clock with a timer queue of its own, whose thread is named <paramref name="threadName"/>.</summary>
    public PreciseTimeProvider(string threadName)
    {
        _queue = new PreciseTimerQueue(threadName);
    }

    /// <summary>The process's precise clock; its timer thread starts with the first timer armed.</summary>
    public static PreciseTimeProvider Shared { get; } = new("Supervision timers");

    /// <summary>
    /// A <see cref="TimeProvider.System"/> clock, as every clock that is the system's, gets the precise timers;
    /// any other is returned as it is.
    /// </summary>
    public static TimeProvider ForClock(TimeProvider clock) => ReferenceEquals(clock, System) ? Shared : clock;

    /// <inheritdoc/>
    /// <remarks>Never early: the due time is rounded up to a whole <see cref="System.Diagnostics.Stopwatch"/> tick, and the wait to whole milliseconds.</remarks>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _queue.CreateTimer(callback, state, dueTime, period);
}
