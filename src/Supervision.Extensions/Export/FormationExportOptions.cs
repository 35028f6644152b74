namespace Supervision;

/// <summary>How a formation is exported: the application's name and how its host is started.</summary>
public sealed class FormationExportOptions
{
    /// <summary>The placeholder in <see cref="ProcessTypeArguments"/> replaced by a process type's name.</summary>
    public const string TypePlaceholder = "{type}";

    /// <summary>
    /// Gets or sets the application's name: the prefix of unit and Deployment names. Letters, digits, <c>_</c>,
    /// <c>-</c> and <c>.</c>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: the entry assembly's name.</value>
    public string? AppName { get; set; }

    /// <summary>
    /// Gets or sets the program and leading arguments that start this host, used to run an in-process type from a
    /// Procfile or a systemd unit.
    /// </summary>
    /// <value>
    /// The default value is empty: <see cref="Environment.ProcessPath"/>, followed by the entry assembly's path when
    /// the process is the <c>dotnet</c> muxer.
    /// </value>
    public IList<string> HostCommand { get; set; } = [];

    /// <summary>
    /// Gets or sets the arguments that make the host run one instance of one process type, with
    /// <see cref="TypePlaceholder"/> standing for the type's name. Each exported process (unit instance, replica) runs
    /// one instance, so that the formation's count is the process manager's count.
    /// </summary>
    /// <value>The default value is <c>--process-type {type} --Supervision:Formation={type}=1</c>.</value>
    public IList<string> ProcessTypeArguments { get; set; } = ["--process-type", TypePlaceholder, "--Supervision:Formation=" + TypePlaceholder + "=1"];

    /// <summary>Gets or sets the container image of the Kubernetes Deployments; its entry point must start this host.</summary>
    /// <value>The default value is <see langword="null"/>: <c>APP:latest</c> with the application's name in lower case.</value>
    public string? Image { get; set; }

    /// <summary>
    /// Gets or sets the port on which the host serves its health endpoints inside a container (ASP.NET Core's
    /// <c>MapHealthChecks</c>). Kubernetes probes of a type that has no Tcp or Http probe of its own, an in-process
    /// type above all, ask the host there, at <see cref="ReadinessPath"/> and <see cref="LivenessPath"/>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: the app maps none, and such a type's Deployment has no probes.</value>
    public int? HealthPort { get; set; }

    /// <summary>
    /// Gets or sets the path of the host's readiness endpoint on <see cref="HealthPort"/> (the health checks tagged
    /// <c>ready</c>, <c>AddSupervisionReadiness</c>): the <c>readinessProbe</c> and <c>startupProbe</c> of a type
    /// without a probe of its own.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: no readiness endpoint.</value>
    public string? ReadinessPath { get; set; }

    /// <summary>
    /// Gets or sets the path of the host's liveness endpoint on <see cref="HealthPort"/> (the health checks tagged
    /// <c>live</c>, <c>AddSupervisionLiveness</c>): the <c>livenessProbe</c> of a type without a probe of its own.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: no liveness endpoint.</value>
    public string? LivenessPath { get; set; }

    /// <summary>Gets or sets the directory in which the host runs, for systemd units and Procfile lines of in-process types.</summary>
    /// <value>The default value is <see langword="null"/>: the current directory.</value>
    public string? WorkingDirectory { get; set; }
}
