namespace Supervision;

/// <summary>The effective settings of one process type once code defaults, configuration and formation are merged.</summary>
internal sealed class ProcessTypeSpec(string name, string? group, int count, ProcessTypeOptions options, ProcessLauncher launcher)
{
    public string Name { get; } = name;

    public string? Group { get; } = group;

    public int Count { get; } = count;

    public RestartPolicy Restart { get; } = options.Restart;

    public TimeSpan StopTimeout { get; } = options.StopTimeout;

    public int? Port { get; } = options.Port;

    public BackoffOptions Backoff { get; } = options.Backoff.Clone();

    public ProcessLauncher Launcher { get; } = launcher;
}
