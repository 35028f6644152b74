using Supervision.Extensions.Configuration;

namespace Supervision;

/// <summary>
/// The <c>Supervision</c> configuration section: the root supervisor's settings, the formation and every
/// process type and group. Code sets defaults; configuration overrides them.
/// </summary>
public sealed class SupervisionOptions : ProcessGroupOptions
{
    /// <summary>
    /// Gets or sets the formation in Foreman <c>-m</c> syntax, for example <c>web=2,worker=4</c>; <c>all=N</c>
    /// sets every type. It overrides each type's <see cref="ProcessTypeOptions.Count"/>.
    /// </summary>
    /// <value>The default value is <see langword="null"/> (each type's own count).</value>
    public string? Formation { get; set; }

    /// <summary>
    /// Gets or sets a comma-separated list of the only process types this host runs (one type per container).
    /// </summary>
    /// <value>The default value is <see langword="null"/> (every type).</value>
    public string? Only { get; set; }

    /// <summary>
    /// Gets or sets the base of the Foreman port rule: a child process type without its own <c>Port</c> gets
    /// <c>PORT = PortBase + 100 × type index + instance − 1</c>.
    /// </summary>
    /// <value>The default value is 5000.</value>
    public int PortBase { get; set; } = SupervisionHostingDefaults.PortBase;

    /// <summary>Where <see cref="Only"/> came from, for validation messages: <c>--process-type</c>, or <see langword="null"/> for <c>Supervision:Only</c>.</summary>
    internal string? OnlyKey { get; set; }

    /// <summary>Problems found in the configuration before binding (unknown keys, unconvertible values), reported by validation with the rest.</summary>
    internal List<string> ConfigurationFailures { get; } = [];

    /// <summary>Gets the settings of each process type, by name (case-insensitive).</summary>
    public IDictionary<string, ProcessTypeOptions> ProcessTypes { get; } = new Dictionary<string, ProcessTypeOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the settings of each process group, by name (case-insensitive).</summary>
    public IDictionary<string, ProcessGroupOptions> Groups { get; } = new Dictionary<string, ProcessGroupOptions>(StringComparer.OrdinalIgnoreCase);
}
