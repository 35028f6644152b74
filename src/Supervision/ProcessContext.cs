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
}
