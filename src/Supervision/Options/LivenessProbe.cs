namespace Supervision;

/// <summary>How a ready instance shows that it is still alive; one that stops showing it is hung, and restarted.</summary>
public enum LivenessProbe
{
    /// <summary>Alive as long as it runs.</summary>
    None,

    /// <summary>
    /// Alive while it calls <see cref="ProcessContext.Heartbeat"/> (a child process: sends <c>WATCHDOG=1</c> to
    /// <c>NOTIFY_SOCKET</c>) at least every <see cref="LivenessOptions.Timeout"/>.
    /// </summary>
    Heartbeat,

    /// <summary>
    /// Alive while a TCP connection to its <c>PORT</c> on 127.0.0.1 succeeds, tried every <see cref="LivenessOptions.Interval"/>;
    /// hung after <see cref="LivenessOptions.FailureThreshold"/> failures in a row.
    /// </summary>
    Tcp,

    /// <summary>
    /// Alive while <c>GET http://127.0.0.1:PORT</c><see cref="LivenessOptions.Path"/> answers 2xx or 3xx, tried every
    /// <see cref="LivenessOptions.Interval"/>; hung after <see cref="LivenessOptions.FailureThreshold"/> failures in a row.
    /// </summary>
    Http,
}
