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

    /// <summary>This reader fell behind and <see cref="SupervisionEvent.Missed"/> events were dropped for it.</summary>
    Missed,
}
