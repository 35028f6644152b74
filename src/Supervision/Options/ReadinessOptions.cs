namespace Supervision;

/// <summary>
/// When an instance counts as ready (<see cref="InstanceState.Running"/>): the next slot of its supervisor starts,
/// a rolling restart moves on and the host's start completes only once it is. Section
/// <c>Supervision:ProcessTypes:NAME:Readiness</c>.
/// </summary>
public sealed class ReadinessOptions
{
    /// <summary>Gets or sets how the instance tells that it is ready.</summary>
    /// <value>The default value is <see cref="ReadinessProbe.None"/> (ready as soon as it started).</value>
    public ReadinessProbe Probe { get; set; }

    /// <summary>
    /// Gets or sets how long an instance may take to become ready; one that is not ready by then is stopped with its
    /// stop sequence and counts as a failure (policy, backoff, intensity).
    /// </summary>
    /// <value>The default value is 60 seconds.</value>
    public TimeSpan Timeout { get; set; } = SupervisionDefaults.ReadinessTimeout;

    /// <summary>Gets or sets how often a <see cref="ReadinessProbe.Tcp"/> or <see cref="ReadinessProbe.Http"/> probe tries.</summary>
    /// <value>The default value is 200 milliseconds.</value>
    public TimeSpan Interval { get; set; } = SupervisionDefaults.ReadinessInterval;

    /// <summary>Gets or sets the path an <see cref="ReadinessProbe.Http"/> probe requests.</summary>
    /// <value>The default value is <c>/</c>.</value>
    public string Path { get; set; } = SupervisionDefaults.ProbePath;

    /// <summary>
    /// Gets or sets the regular expression (.NET syntax) an output line must match for an <see cref="ReadinessProbe.Output"/>
    /// probe: the child process is ready at the first line that does.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Pattern { get; set; }

    /// <summary>
    /// Gets or sets how long a ready instance must stay ready before it counts as available: a rolling restart takes
    /// the next instance down only when every other instance of the type is available (Kubernetes'
    /// <c>minReadySeconds</c>). It leaves time for clients to find the replacement before the next instance goes, and
    /// a replacement that fails just after it became ready stops the rolling restart rather than taking a second
    /// instance down. Starting the next slot and the host's start do not wait for it.
    /// </summary>
    /// <value>The default value is zero (available as soon as ready).</value>
    public TimeSpan MinReady { get; set; }

    internal ReadinessOptions Clone() => (ReadinessOptions)MemberwiseClone();
}
