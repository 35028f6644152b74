namespace Supervision;

/// <summary>The state of one process instance; the words supervisord uses where they mean the same.</summary>
public enum InstanceState
{
    /// <summary>Not started yet.</summary>
    Pending,

    /// <summary>Started, and not ready yet (see <see cref="ReadinessOptions"/>).</summary>
    Starting,

    /// <summary>Ready, and not exited.</summary>
    Running,

    /// <summary>Exited normally and, by its policy, not restarted.</summary>
    Exited,

    /// <summary>Failed and, by its policy, not restarted.</summary>
    Failed,

    /// <summary>Waiting for its restart delay.</summary>
    Backoff,

    /// <summary>Asked to stop; waiting for it to end.</summary>
    Stopping,

    /// <summary>Stopped on request.</summary>
    Stopped,

    /// <summary>Stopped because its supervisor tree gave up.</summary>
    Fatal,
}
