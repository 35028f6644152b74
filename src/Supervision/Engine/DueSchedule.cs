using Supervision.Timing;

namespace Supervision.Engine;

/// <summary>
/// Every backoff and deadline under one supervisor behind one timer (restarts due, readiness deadlines and probes,
/// liveness deadlines): entries wait in a queue ordered by when they are due, and the timer is armed for the earliest. A thousand instances failing at once then cost one timer callback
/// and one message when their delays end, not a thousand of each on the thread pool; and as the due time is checked
/// against the supervisor's own clock, a timer that fires early (a coarse system clock) restarts nothing early.
/// Only the supervisor's loop touches it; a stopped or restarted child's entry is left in place and skipped when
/// its turn comes (its generation moved on). A restart entry without a child is the supervisor's pending restart set.
/// <para>
/// The timer is <paramref name="time"/>'s own: on a host with the system clock that is a <see cref="PreciseTimeProvider"/>,
/// whose timers fire on <see cref="System.Diagnostics.Stopwatch"/> time rather than on the kernel's coarse tick.
/// </para>
/// </summary>
internal sealed class DueSchedule(TimeProvider time, Action onDue)
{
    private static readonly TimeSpan OneMillisecond = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);
    private static readonly TimerCallback Fire = static state => ((Action)state!)();

    private readonly PriorityQueue<DueEntry, long> _queue = new();
    private readonly bool _preciseTimers = time is PreciseTimeProvider;
    private ITimer? _timer;
    private long _armedFor = long.MaxValue;

    /// <summary>The timestamp, on <paramref name="time"/>'s clock, <paramref name="delay"/> after <paramref name="from"/>.</summary>
    public static long DueAt(TimeProvider time, long from, TimeSpan delay)
    {
        double ticks = delay.TotalSeconds * time.TimestampFrequency;
        return ticks >= long.MaxValue - from ? long.MaxValue : from + (long)ticks;
    }

    public void Add(in DueEntry entry, long dueAt)
    {
        _queue.Enqueue(entry, dueAt);
        if (dueAt < _armedFor)
        {
            Arm(dueAt);
        }
    }

    /// <summary>Takes the next entry that is due; when none is, arms the timer for the next one.</summary>
    public bool TryTakeDue(out DueEntry entry)
    {
        if (_queue.TryPeek(out entry, out long dueAt) && dueAt <= time.GetTimestamp())
        {
            _queue.Dequeue();
            return true;
        }

        entry = default;
        if (_queue.Count == 0)
        {
            Disarm();
        }
        else
        {
            Arm(dueAt);
        }

        return false;
    }

    /// <summary>Forgets every pending backoff, the supervisor stopped; a disarmed timer holds nothing.</summary>
    public void Clear()
    {
        _queue.Clear();
        Disarm();
    }

    private void Arm(long dueAt)
    {
        _armedFor = dueAt;
        TimeSpan wait = dueAt == long.MaxValue ? LongestWait : time.GetElapsedTime(time.GetTimestamp(), dueAt);
        if (wait < TimeSpan.Zero)
        {
            wait = TimeSpan.Zero;
        }
        else if (wait > TimeSpan.Zero && wait < OneMillisecond && !_preciseTimers)
        {
            // A timer built on .NET's counts whole milliseconds: less would fire at once, early again, round after
            // round. The precise timer rounds every wait up to whole milliseconds itself (never early), so it gets it as is.
            wait = OneMillisecond;
        }
        else if (wait > LongestWait)
        {
            // A timer cannot wait 50 days; a due time that far waits in steps (an early firing just re-arms).
            wait = LongestWait;
        }

        _timer ??= time.CreateTimer(Fire, onDue, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(wait, Timeout.InfiniteTimeSpan);
    }

    private void Disarm()
    {
        _armedFor = long.MaxValue;
        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }
}

/// <summary>What comes due in a <see cref="DueSchedule"/>.</summary>
internal enum DueKind
{
    /// <summary>A backoff is over: the child (or, without one, the pending restart set) starts again.</summary>
    Restart,

    /// <summary>A starting instance's readiness timeout is over.</summary>
    ReadyDeadline,

    /// <summary>A starting instance's next readiness probe.</summary>
    ReadyProbe,

    /// <summary>A ready instance's liveness deadline.</summary>
    AliveDeadline,

    /// <summary>A ready instance's next liveness probe (Tcp or Http).</summary>
    AliveProbe,

    /// <summary>
    /// A ready instance has been ready for its <see cref="ReadinessOptions.MinReady"/>: nothing to do but move on a
    /// rolling restart that waits for it, which the loop does after every message.
    /// </summary>
    Available,

    /// <summary>An instance's <see cref="ProcessTypeOptions.MaxLifetime"/> is over: it restarts as planned.</summary>
    LifetimeOver,

    /// <summary>
    /// A type's <see cref="ProcessTypeOptions.RestartSchedule"/> is due: its instances restart as planned. The entry
    /// has no child; its generation is the type slot's order.
    /// </summary>
    ScheduledRestart,
}

/// <summary>One entry of a <see cref="DueSchedule"/>: stale once the child's generation moved on.</summary>
internal readonly record struct DueEntry(SupervisedChild? Child, int Generation, DueKind Kind);
