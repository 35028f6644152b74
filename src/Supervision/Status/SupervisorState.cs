namespace Supervision;

/// <summary>The state of the supervisor tree as a whole.</summary>
public enum SupervisorState
{
    /// <summary>Not started yet.</summary>
    NotStarted,

    /// <summary>Starting the initial formation.</summary>
    Starting,

    /// <summary>The initial formation has started.</summary>
    Running,

    /// <summary>Stopping every instance.</summary>
    Stopping,

    /// <summary>Every instance has stopped on request.</summary>
    Stopped,

    /// <summary>The root exceeded its restart intensity and gave up.</summary>
    Fatal,

    /// <summary>The root shut itself down because its significant children ended (<see cref="ProcessGroupOptions.AutoShutdown"/>).</summary>
    ShutDown,
}
