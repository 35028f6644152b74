namespace Supervision;

/// <summary>
/// A process type declared in code: its name, its code defaults and, for an in-process type, how to launch it.
/// A child process type has no launcher of its own: its <see cref="ProcessTypeOptions.Command"/> says what to run.
/// </summary>
internal sealed class ProcessTypeRegistration(string name, Func<IServiceProvider, ProcessLauncher>? createLauncher, Action<ProcessTypeOptions>? configure)
{
    public string Name { get; } = name;

    /// <summary>Makes the launcher of an in-process type; <see langword="null"/> for a child process type.</summary>
    public Func<IServiceProvider, ProcessLauncher>? CreateLauncher { get; } = createLauncher;

    public bool IsChildProcess => CreateLauncher is null;

    public Action<ProcessTypeOptions>? Configure { get; } = configure;
}
