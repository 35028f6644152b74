namespace Supervision.Engine;

/// <summary>
/// One child of a supervisor: a process instance or a nested group. Every field is owned by the parent's
/// control loop; other threads only read them for status.
/// </summary>
internal abstract class SupervisedChild
{
    /// <summary>The backoff attempt count since the last reset; advanced by the <see cref="RestartDecider"/>.</summary>
    public int BackoffAttempt;

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

    /// <summary>Set while the child is a member of its supervisor's pending restart set.</summary>
    public bool PendingRestart { get; set; }

    public abstract string Name { get; }

    public abstract RestartPolicy Policy { get; }

    /// <summary>Whether this child ending for good can end its supervisor (<see cref="ProcessGroupOptions.AutoShutdown"/>).</summary>
    public abstract bool Significant { get; }

    /// <summary>The backoff between restarts; <see langword="null"/> when the child restarts at once (a nested group).</summary>
    public abstract BackoffOptions? Backoff { get; }

    protected SupervisionRuntime Runtime => Parent.Runtime;

    /// <summary>Starts the child now.</summary>
    public ValueTask StartAsync() => StartAsync(Runtime.Time.GetTimestamp());

    /// <summary>Starts the child, its run counted from <paramref name="startedAt"/> (a timestamp of the supervisor's clock, about now).</summary>
    public abstract ValueTask StartAsync(long startedAt);

    /// <summary>How long the run that ended at <paramref name="endedAt"/> lasted.</summary>
    public abstract TimeSpan RanFor(long endedAt);

    /// <summary>The current run is ready (its readiness probe said so); loop only.</summary>
    public abstract void OnReady(long now);

    /// <summary>
    /// What an exit says before the restart policy is asked (an exit code that prevents a restart, an init step that
    /// completed...); may rewrite <paramref name="exit"/> (an exit code listed as a success becomes a clean exit). Loop only.
    /// </summary>
    public abstract ExitVerdict Judge(ref ProcessExit exit);

    /// <summary>Records how a run ended (state, log, event).</summary>
    public abstract void OnExited(ProcessExit exit);

    /// <summary>Records that the child restarts after <paramref name="delay"/> (log, metrics, event).</summary>
    public virtual void OnRestartScheduled(in ProcessExit exit, TimeSpan delay)
    {
    }
}
