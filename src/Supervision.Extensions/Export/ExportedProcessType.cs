namespace Supervision.Extensions.Export;

/// <summary>
/// One process type as exported: its effective settings, with a child's command resolved to an absolute path,
/// its working directory made absolute and, for a child, its Foreman port.
/// </summary>
internal sealed record ExportedProcessType(
    string Name,
    int Count,
    string? Command,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyList<KeyValuePair<string, string>> Environment,
    int? Port,
    string StopSignal,
    ProcessGroupOptions Supervisor,
    ProcessTypeOptions Options)
{
    /// <summary>Whether this type is an init step (<see cref="ReadinessProbe.Completed"/>): what comes after it waits for it to exit successfully.</summary>
    public bool IsInitStep => Readiness.Probe == ReadinessProbe.Completed;

    public RestartPolicy Restart => Options.Restart;

    public TimeSpan StopTimeout => Options.StopTimeout;

    public BackoffOptions Backoff => Options.Backoff;

    /// <summary>Whether this is a child process type, run as its own command, rather than an in-process type run by the host.</summary>
    public bool IsChild => Command is not null;

    /// <summary>The port of instance <paramref name="instance"/> (from 1), as the host would give it.</summary>
    public int? PortOf(int instance) => Port + instance - 1;

    /// <summary>When an instance counts as ready.</summary>
    public ReadinessOptions Readiness => Options.Readiness;

    /// <summary>When a ready instance counts as hung.</summary>
    public LivenessOptions Liveness => Options.Liveness;
}
