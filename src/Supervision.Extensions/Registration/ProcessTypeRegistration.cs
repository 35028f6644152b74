namespace Supervision.Extensions.Registration;

/// <summary>
/// A process type declared in code: its name, its code defaults and, for an in-process type, how to make its worker.
/// A child process type makes none: its <see cref="ProcessTypeOptions.Command"/> says what to run.
/// </summary>
internal sealed class ProcessTypeRegistration(string name, Func<IServiceProvider, IProcess>? createWorker, Action<ProcessTypeOptions>? configure)
{
    public string Name { get; } = name;

    /// <summary>Makes the worker of one run of an in-process type from the run's scope; <see langword="null"/> for a child process type.</summary>
    public Func<IServiceProvider, IProcess>? CreateWorker { get; } = createWorker;

    public bool IsChildProcess => CreateWorker is null;

    public Action<ProcessTypeOptions>? Configure { get; } = configure;
}
