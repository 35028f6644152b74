namespace Supervision;

/// <summary>A process type declared in code: its name, how to launch it and its code defaults.</summary>
internal sealed class ProcessTypeRegistration(string name, Func<IServiceProvider, ProcessLauncher> createLauncher, Action<ProcessTypeOptions>? configure)
{
    public string Name { get; } = name;

    public Func<IServiceProvider, ProcessLauncher> CreateLauncher { get; } = createLauncher;

    public Action<ProcessTypeOptions>? Configure { get; } = configure;
}
