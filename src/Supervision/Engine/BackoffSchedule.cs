namespace Supervision;

/// <summary>
/// Every backoff under one supervisor behind one timer: children wait in a queue ordered by when their delay is
/// over, and the timer is armed for the earliest. A thousand instances failing at once then cost one timer callback
/// and one message when their delays end, not a thousand of each on the thread pool; and as the due time is checked
/// against the supervisor's own clock, a timer that fires early (a coarse system clock) restarts nothing early.
/// Only the supervisor's loop touches it; a stopped or restarted child's entry is left in place and skipped when
/// its turn comes (its generation moved on). An entry without a child is the supervisor's pending restart set.
/// <para>
/// The timer is <paramref name="time"/>'s own: on a host with the system clock that is a <see cref="PreciseTimeProvider"/>,
/// whose timers fire on <see cref="System.Diagnostics.Stopwatch"/> time rather than on the kernel's coarse tick.
/// </para>
/// </summary>
internal sealed class BackoffSchedule(TimeProvider time, Action onDue)
{
    private static readonly TimeSpan OneMillisecond = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);
    private static readonly TimerCallback Fire = static state => ((Action)state!)();

    private readonly PriorityQueue<(SupervisedChild? Child, int Generation), long> _queue = new();
    private readonly bool _preciseTimers = time is PreciseTimeProvider;
    private ITimer? _timer;
    private long _armedFor = long.MaxValue;

    /// <summary>The timestamp, on <paramref name="time"/>'s clock, <paramref name="delay"/> after <paramref name="from"/>.</summary>
    public static long DueAt(TimeProvider time, long from, TimeSpan delay)
    {
        double ticks = delay.TotalSeconds * time.TimestampFrequency;
        return ticks >= long.MaxValue - from ? long.MaxValue : from + (long)ticks;
    }

    public void Add(SupervisedChild? child, int generation, long dueAt)
    {
        _queue.Enqueue((child, generation), dueAt);
        if (dueAt < _armedFor)
        {
            Arm(dueAt);
        }
    }

    /// <summary>Takes the next child whose delay is over; when none is, arms the timer for the next one.</summary>
    public bool TryTakeDue(out SupervisedChild? child, out int generation)
    {
        if (_queue.TryPeek(out (SupervisedChild? Child, int Generation) entry, out long dueAt) && dueAt <= time.GetTimestamp())
        {
            _queue.Dequeue();
            (child, generation) = entry;
            return true;
        }

        child = null;
        generation = 0;
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
