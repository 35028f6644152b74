namespace Supervision;

/// <summary>How an instance tells that it is ready: until then it is <see cref="InstanceState.Starting"/>.</summary>
public enum ReadinessProbe
{
    /// <summary>Ready as soon as it started.</summary>
    None,

    /// <summary>
    /// Ready when it says so: <see cref="ProcessContext.ReportReady"/> in-process; a child process (or any of its
    /// descendants) sends <c>READY=1</c> to <c>NOTIFY_SOCKET</c>, the systemd notify protocol.
    /// </summary>
    Signal,

    /// <summary>Ready once a TCP connection to its <c>PORT</c> on 127.0.0.1 succeeds, tried every <see cref="ReadinessOptions.Interval"/>.</summary>
    Tcp,

    /// <summary>
    /// Ready once it exited successfully: an init step (a database migration, say). Later slots start only after it
    /// completed; a clean exit ends it for good whatever its restart policy, a failure goes through policy, backoff
    /// and intensity.
    /// </summary>
    Completed,

    /// <summary>
    /// Ready once <c>GET http://127.0.0.1:PORT</c><see cref="ReadinessOptions.Path"/> answers 2xx or 3xx, tried every
    /// <see cref="ReadinessOptions.Interval"/>.
    /// </summary>
    Http,

    /// <summary>Ready once a line of a child process's output matches <see cref="ReadinessOptions.Pattern"/>.</summary>
    Output,
}
