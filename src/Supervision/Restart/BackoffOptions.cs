namespace Supervision;

/// <summary>
/// Capped exponential backoff between restarts of one instance:
/// delay before restart n = min(<see cref="Max"/>, <see cref="Initial"/> · <see cref="Multiplier"/>^(n−1)) · (1 − <see cref="Jitter"/> · U),
/// with U uniform in [0, 1), so a delay is never above <see cref="Max"/>.
/// </summary>
public sealed class BackoffOptions
{
    /// <summary>Gets or sets the delay before the first restart.</summary>
    /// <value>The default value is 100 milliseconds.</value>
    public TimeSpan Initial { get; set; } = SupervisionDefaults.BackoffInitial;

    /// <summary>Gets or sets the largest delay.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan Max { get; set; } = SupervisionDefaults.BackoffMax;

    /// <summary>Gets or sets the factor applied to the delay after each restart; at least 1.</summary>
    /// <value>The default value is 2.</value>
    public double Multiplier { get; set; } = SupervisionDefaults.BackoffMultiplier;

    /// <summary>Gets or sets the fraction, in [0, 1], by which a delay is randomly shortened.</summary>
    /// <value>The default value is 0.1.</value>
    public double Jitter { get; set; } = SupervisionDefaults.BackoffJitter;

    /// <summary>Gets or sets how long an instance must run without exiting for its backoff to start over.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan ResetAfter { get; set; } = SupervisionDefaults.BackoffResetAfter;

    internal BackoffOptions Clone() => (BackoffOptions)MemberwiseClone();
}
