namespace Supervision.Engine;

/// <summary>What a supervisor does about one exit of one of its children: the whole reaction, as a value.</summary>
/// <param name="Action">The reaction.</param>
/// <param name="Delay">The failed child's backoff before it (and its restart set) starts again; zero otherwise.</param>
internal readonly record struct RestartDecision(RestartAction Action, TimeSpan Delay = default)
{
    public static RestartDecision LeaveEnded => new(RestartAction.LeaveEnded);

    public static RestartDecision Escalate => new(RestartAction.Escalate);

    public static RestartDecision TerminateTree => new(RestartAction.TerminateTree);
}

/// <summary>The reactions a supervisor has to a child's exit.</summary>
internal enum RestartAction
{
    /// <summary>
    /// The child's policy (or its exit's verdict) does not restart it: it stays ended; a significant child may end
    /// its supervisor (<see cref="ProcessGroupOptions.AutoShutdown"/>).
    /// </summary>
    LeaveEnded,

    /// <summary>The child alone starts again after <see cref="RestartDecision.Delay"/> (one for one).</summary>
    Restart,

    /// <summary>
    /// The child's restart set (one for all: every sibling; rest for one: the slots started after it) stops in
    /// reverse start order, then, after <see cref="RestartDecision.Delay"/>, starts again in start order.
    /// </summary>
    RestartSet,

    /// <summary>One restart too many inside the window: the supervisor stops its children and fails to its parent.</summary>
    Escalate,

    /// <summary>The exit is fatal for the whole tree: the supervisor stops its children and fails, and so does every one above it.</summary>
    TerminateTree,
}
