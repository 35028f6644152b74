namespace Supervision;

/// <summary>Why a run of an instance ended.</summary>
public enum ExitReason
{
    /// <summary>It returned (or exited with code 0) on its own.</summary>
    Completed,

    /// <summary>It threw, exited with a non-zero code, or was killed by a signal.</summary>
    Failed,

    /// <summary>It could not be started.</summary>
    StartFailed,

    /// <summary>It ended after being asked to stop.</summary>
    Stopped,

    /// <summary>It did not stop within its stop timeout and was abandoned (in-process) or killed.</summary>
    StopTimedOut,

    /// <summary>It did not become ready within its readiness timeout, and was stopped.</summary>
    NotReady,

    /// <summary>It stopped showing it is alive (its liveness probe failed), and was stopped.</summary>
    Hung,
}
