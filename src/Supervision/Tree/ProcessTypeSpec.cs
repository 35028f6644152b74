namespace Supervision;

/// <summary>The effective settings of one process type once code defaults, configuration and formation are merged.</summary>
internal sealed class ProcessTypeSpec(string name, string? group, int count, ProcessTypeOptions options, int? port, ProcessLauncher launcher)
{
    public string Name { get; } = name;

    public string? Group { get; } = group;

    public int Count { get; } = count;

    public RestartPolicy Restart { get; } = options.Restart;

    public TimeSpan StopTimeout { get; } = options.StopTimeout;

    /// <summary>The port of instance 1: the configured Port, or for a child process the Foreman rule.</summary>
    public int? Port { get; } = port;

    public BackoffOptions Backoff { get; } = options.Backoff.Clone();

    public ProcessLauncher Launcher { get; } = launcher;
}
