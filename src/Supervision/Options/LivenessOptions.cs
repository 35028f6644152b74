namespace Supervision;

/// <summary>
/// When a ready instance counts as hung: it is then stopped with its stop sequence and counts as a failure
/// (policy, backoff, intensity). Section <c>Supervision:ProcessTypes:NAME:Liveness</c>.
/// </summary>
public sealed class LivenessOptions
{
    /// <summary>Gets or sets how the instance shows that it is alive.</summary>
    /// <value>The default value is <see cref="LivenessProbe.None"/>.</value>
    public LivenessProbe Probe { get; set; }

    /// <summary>
    /// Gets or sets the longest time between two heartbeats (from the moment the instance is ready); for a
    /// <see cref="LivenessProbe.Tcp"/> or <see cref="LivenessProbe.Http"/> probe, the longest one try may take (at most
    /// <see cref="Interval"/>).
    /// </summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan Timeout { get; set; } = SupervisionDefaults.LivenessTimeout;

    /// <summary>Gets or sets how often a <see cref="LivenessProbe.Tcp"/> or <see cref="LivenessProbe.Http"/> probe tries.</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan Interval { get; set; } = SupervisionDefaults.LivenessInterval;

    /// <summary>Gets or sets how many tries in a row must fail before the instance counts as hung.</summary>
    /// <value>The default value is 3.</value>
    public int FailureThreshold { get; set; } = SupervisionDefaults.LivenessFailureThreshold;

    /// <summary>Gets or sets the path an <see cref="LivenessProbe.Http"/> probe requests.</summary>
    /// <value>The default value is <c>/</c>.</value>
    public string Path { get; set; } = SupervisionDefaults.ProbePath;

    internal LivenessOptions Clone() => (LivenessOptions)MemberwiseClone();
}
