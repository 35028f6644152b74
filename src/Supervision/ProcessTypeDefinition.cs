namespace Supervision;

/// <summary>
/// A process type as the engine runs it: its name, its options, and what one run is, either a worker made for each
/// start (in-process) or the options' <see cref="ProcessTypeOptions.Command"/> (a child process). Configuration
/// binds to <see cref="ProcessTypeOptions"/>; the engine reports on it through <see cref="ProcessTypeStatus"/>.
/// </summary>
public sealed class ProcessTypeDefinition
{
    /// <summary>Defines an in-process type: every start and restart runs a fresh worker from <paramref name="createWorker"/>.</summary>
    /// <param name="name">The type name.</param>
    /// <param name="createWorker">Makes the worker of one run from the services of the scope made for that run.</param>
    /// <param name="options">The type's options; defaults when <see langword="null"/>.</param>
    public ProcessTypeDefinition(string name, Func<IServiceProvider, IProcess> createWorker, ProcessTypeOptions? options = null)
        : this(name, options ?? new ProcessTypeOptions(), createWorker ?? throw new ArgumentNullException(nameof(createWorker)))
    {
    }

    /// <summary>Defines a child process type: every run starts <paramref name="options"/>' <see cref="ProcessTypeOptions.Command"/>.</summary>
    /// <param name="name">The type name.</param>
    /// <param name="options">The type's options, with <see cref="ProcessTypeOptions.Command"/> set.</param>
    /// <exception cref="ArgumentException"><see cref="ProcessTypeOptions.Command"/> is not set.</exception>
    public ProcessTypeDefinition(string name, ProcessTypeOptions options)
        : this(name, options, null)
    {
        if (string.IsNullOrWhiteSpace(options.Command))
        {
            throw new ArgumentException($"The child process type '{name}' has no Command.", nameof(options));
        }
    }

    private ProcessTypeDefinition(string name, ProcessTypeOptions options, Func<IServiceProvider, IProcess>? createWorker)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        Name = name;
        Options = options;
        CreateWorker = createWorker;
        Count = options.Count;
        Port = options.Port;
    }

    /// <summary>Gets the type name; its instances are named <c>name.N</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the type's options: restart policy, backoff, stop timeout and, for a child process, what to run.</summary>
    public ProcessTypeOptions Options { get; }

    /// <summary>
    /// Gets what makes the worker of one run of an in-process type, from the services of a dependency injection scope
    /// made for that run; <see langword="null"/> for a child process type.
    /// </summary>
    public Func<IServiceProvider, IProcess>? CreateWorker { get; }

    /// <summary>Gets whether the type runs <see cref="ProcessTypeOptions.Command"/> as a child process.</summary>
    public bool IsChildProcess => CreateWorker is null;

    /// <summary>Gets how many instances run at the start.</summary>
    /// <value>The default value is the options' <see cref="ProcessTypeOptions.Count"/>.</value>
    public int Count { get; init; }

    /// <summary>Gets the port of instance 1; instance N gets <c>Port + N − 1</c> (<c>PORT</c> of a child, <see cref="ProcessContext.Port"/>).</summary>
    /// <value>The default value is the options' <see cref="ProcessTypeOptions.Port"/>.</value>
    public int? Port { get; init; }
}
