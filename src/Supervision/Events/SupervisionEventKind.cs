namespace Supervision;

/// <summary>What a <see cref="SupervisionEvent"/> reports.</summary>
public enum SupervisionEventKind
{
    /// <summary>An instance started.</summary>
    Started,

    /// <summary>An instance's run ended; <see cref="SupervisionEvent.Exit"/> says how.</summary>
    Exited,

    /// <summary>An instance waits <see cref="SupervisionEvent.Delay"/> before it restarts.</summary>
    Backoff,

    /// <summary>An instance was asked to stop and is given its stop timeout to end.</summary>
    Stopping,

    /// <summary>An instance stopped on request (or was stopped by a sibling's restart).</summary>
    Stopped,

    /// <summary>A supervisor exceeded its restart intensity and failed to its parent.</summary>
    Escalated,

    /// <summary>The root supervisor exceeded its restart intensity: the tree gave up.</summary>
    GaveUp,

    /// <summary>
    /// This reader fell behind and the <see cref="SupervisionEvent.Missed"/> oldest events it had not read were dropped
    /// for it; the events that follow are the ones after the gap.
    /// </summary>
    Missed,

    /// <summary>
    /// An instance's state when this reader began (<see cref="SupervisionEvent.State"/>, with its
    /// <see cref="SupervisionEvent.RestartCount"/> and last <see cref="SupervisionEvent.Exit"/>): every reader's first
    /// events are one of these per instance, in start order, before anything that happens later.
    /// </summary>
    Snapshot,

    /// <summary>
    /// An instance with a readiness probe became ready (<see cref="InstanceState.Running"/>). Without a probe an
    /// instance is ready as it starts, and only <see cref="Started"/> is reported.
    /// </summary>
    Ready,

    /// <summary>
    /// The root shut itself down because its significant children ended (<see cref="ProcessGroupOptions.AutoShutdown"/>);
    /// <see cref="SupervisionEvent.Exit"/> is the exit that ended it. The last event of the tree.
    /// </summary>
    ShutDown,
}
