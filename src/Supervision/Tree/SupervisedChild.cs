namespace Supervision;

/// <summary>
/// One child of a supervisor: a process instance or a nested group. Every field is owned by the parent's
/// control loop; other threads only read them for status.
/// </summary>
internal abstract class SupervisedChild
{
    protected SupervisedChild(SupervisorNode parent, int order)
    {
        Parent = parent;
        Order = order;
    }

    public SupervisorNode Parent { get; }

    /// <summary>The start position of the slot (type or group) this child belongs to; siblings with the same order start and stop together.</summary>
    public int Order { get; }

    /// <summary>Incremented on every start and stop, so a message made before is recognised as stale.</summary>
    public int Generation { get; protected set; }

    public InstanceState State { get; set; }

    /// <summary>Set when a sibling's failure stopped this child and it starts again with the restart set.</summary>
    public bool PendingRestart { get; set; }

    public abstract string Name { get; }

    public abstract RestartPolicy Policy { get; }

    protected SupervisionRuntime Runtime => Parent.Runtime;

    /// <summary>Starts the child now.</summary>
    public ValueTask StartAsync() => StartAsync(Runtime.Time.GetTimestamp());

    /// <summary>Starts the child, its run counted from <paramref name="startedAt"/> (a timestamp of the supervisor's clock, about now).</summary>
    public abstract ValueTask StartAsync(long startedAt);

    /// <summary>Stops the child and waits, within its stop timeout and <paramref name="deadline"/>, for it to end.</summary>
    public abstract Task StopAsync(InstanceState finalState, CancellationToken deadline);

    /// <summary>Records how a run ended (state, log, event).</summary>
    public abstract void OnExited(ProcessExit exit);

    /// <summary>The delay before the next restart of this child, whose run ended at <paramref name="endedAt"/>; advances its backoff.</summary>
    public abstract TimeSpan NextRestartDelay(long endedAt);

    public bool ShouldRestart(ProcessExit exit) => Policy switch
    {
        RestartPolicy.Always => true,
        RestartPolicy.OnFailure => exit.IsFailure,
        _ => false,
    };

    /// <summary>
    /// Restarts the child <paramref name="delay"/> after its run ended at <paramref name="endedAt"/>: the time the
    /// loop took to read the exit (a thousand failures at once queue up) and to stop a restart set counts towards it.
    /// </summary>
    /// <param name="delay">The backoff delay.</param>
    /// <param name="endedAt">When the run ended.</param>
    /// <param name="exitedJustNow">The run ended a moment ago (its end is handled on the thread it ended on).</param>
    /// <param name="now">When the delay is over already: the time to count the new run from.</param>
    /// <returns>
    /// <see langword="true"/> when the delay is over already and the caller restarts the child now. With no delay at
    /// all and an exit of a moment ago, the new run counts from the exit's own timestamp: one clock read per restart (B1).
    /// </returns>
    public bool ScheduleRestart(TimeSpan delay, long endedAt, bool exitedJustNow, out long now)
    {
        State = InstanceState.Backoff;
        bool due = delay <= TimeSpan.Zero;
        now = due && exitedJustNow ? endedAt : Runtime.Time.GetTimestamp();
        if (!due)
        {
            long dueAt = BackoffSchedule.DueAt(Runtime.Time, endedAt, delay);
            due = dueAt <= now;
            if (!due)
            {
                Parent.ScheduleBackoff(this, Generation, dueAt);
            }
        }

        // Reported once the timer is armed, so that whoever sees it can advance time past the delay. It carries the
        // formula's delay even when part of it has passed already (or all of it: the restart then follows at once).
        OnBackoffScheduled(delay);
        return due;
    }

    protected virtual void OnBackoffScheduled(TimeSpan delay)
    {
    }
}
