using Supervision.Runs;

namespace Supervision;

/// <summary>Describes the process instance an <see cref="IProcess"/> runs as.</summary>
public sealed class ProcessContext
{
    /// <summary>
    /// Creates a context; the supervisor makes one per run. Public so that a worker can be run outside a tree, in a
    /// test of its own or a hand-written loop.
    /// </summary>
    /// <param name="typeName">The process type name.</param>
    /// <param name="instance">The 1-based instance number.</param>
    /// <param name="name">The instance name, <c>type.N</c>.</param>
    /// <param name="restartCount">How many times the instance was restarted before this run.</param>
    /// <param name="port">The instance's port, if any.</param>
    /// <param name="services">The services of the run's scope.</param>
    public ProcessContext(string typeName, int instance, string name, int restartCount, int? port, IServiceProvider services)
    {
        TypeName = typeName;
        Instance = instance;
        Name = name;
        RestartCount = restartCount;
        Port = port;
        Services = services;
    }

    /// <summary>Gets the process type name, for example <c>worker</c>.</summary>
    public string TypeName { get; }

    /// <summary>Gets the 1-based instance number within the type.</summary>
    public int Instance { get; }

    /// <summary>Gets the instance name, <c>type.N</c> as in Foreman, for example <c>worker.3</c>.</summary>
    public string Name { get; }

    /// <summary>Gets how many times this instance has been restarted before this run (0 on the first run).</summary>
    public int RestartCount { get; }

    /// <summary>Gets the port assigned to this instance, or <see langword="null"/> when the type has no <c>Port</c>.</summary>
    public int? Port { get; }

    /// <summary>Gets the services of the dependency injection scope created for this run.</summary>
    public IServiceProvider Services { get; }

    /// <summary>The run's way back to its supervisor, and the run's generation; none for a context made outside a tree.</summary>
    internal RunChannel? Channel { get; init; }

    internal int Generation { get; init; }

    /// <summary>
    /// Tells the supervisor this run is ready to serve: with <see cref="ReadinessProbe.Signal"/>, the instance is
    /// <see cref="InstanceState.Starting"/> until then, and the next slot, a rolling restart and the host's start wait
    /// for it. Calling it again, after the run ended, or without a readiness probe does nothing. Safe from any thread.
    /// </summary>
    public void ReportReady() => Channel?.Ready(Generation);

    /// <summary>
    /// Tells the supervisor this run is alive: with <see cref="LivenessProbe.Heartbeat"/>, a ready run that does not
    /// call it for <see cref="LivenessOptions.Timeout"/> is hung, stopped and restarted as a failure. Cheap (one
    /// timestamp written); safe from any thread.
    /// </summary>
    public void Heartbeat() => Channel?.Heartbeat(Generation);
}
