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

    /// <summary>Gets or sets the longest time between two heartbeats (from the moment the instance is ready).</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan Timeout { get; set; } = SupervisionDefaults.LivenessTimeout;

    internal LivenessOptions Clone() => (LivenessOptions)MemberwiseClone();
}
