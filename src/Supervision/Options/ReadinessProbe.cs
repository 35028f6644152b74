namespace Supervision;

/// <summary>How an instance tells that it is ready: until then it is <see cref="InstanceState.Starting"/>.</summary>
public enum ReadinessProbe
{
    /// <summary>Ready as soon as it started.</summary>
    None,

    /// <summary>Ready when it says so: <see cref="ProcessContext.ReportReady"/> in-process.</summary>
    Signal,

    /// <summary>Ready once a TCP connection to its <c>PORT</c> on 127.0.0.1 succeeds, tried every <see cref="ReadinessOptions.Interval"/>.</summary>
    Tcp,

    /// <summary>
    /// Ready once it exited successfully: an init step (a database migration, say). Later slots start only after it
    /// completed; a clean exit ends it for good whatever its restart policy, a failure goes through policy, backoff
    /// and intensity.
    /// </summary>
    Completed,
}
