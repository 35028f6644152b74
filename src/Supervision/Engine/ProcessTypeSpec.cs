namespace Supervision;

/// <summary>
/// The effective settings of one process type once code defaults, configuration and formation are merged. The
/// restart settings (policy, backoff, stop timeout, readiness, liveness) can be replaced by a configuration reload: they are one
/// immutable object swapped whole, read afresh at each restart and stop, so a change applies from the next one.
/// </summary>
internal sealed class ProcessTypeSpec(string name, string? group, int count, ProcessTypeOptions options, int? port, ProcessLauncher launcher)
{
    private RestartSettings _settings = new(options);

    public string Name { get; } = name;

    public string? Group { get; } = group;

    public int Count { get; } = count;

    public RestartPolicy Restart => Volatile.Read(ref _settings).Restart;

    public TimeSpan StopTimeout => Volatile.Read(ref _settings).StopTimeout;

    public BackoffOptions Backoff => Volatile.Read(ref _settings).Backoff;

    public ReadinessOptions Readiness => Volatile.Read(ref _settings).Readiness;

    public LivenessOptions Liveness => Volatile.Read(ref _settings).Liveness;

    /// <summary>The port of instance 1: the configured Port, or for a child process the Foreman rule.</summary>
    public int? Port { get; } = port;

    public ProcessLauncher Launcher { get; } = launcher;

    /// <summary>
    /// How many output lines each instance keeps: none for an in-process type or one whose children write straight to
    /// the host's streams (no pipe to read them from).
    /// </summary>
    public int RecentOutputLines { get; } = launcher is InProcessLauncher || options.Output == ChildOutputMode.Inherit ? 0 : options.RecentOutputLines;

    /// <summary>Takes the restart settings of reloaded options; safe from any thread.</summary>
    public void UpdateRestartSettings(ProcessTypeOptions reloaded) => Volatile.Write(ref _settings, new RestartSettings(reloaded));

    private sealed class RestartSettings(ProcessTypeOptions options)
    {
        public RestartPolicy Restart { get; } = options.Restart;

        public TimeSpan StopTimeout { get; } = options.StopTimeout;

        public BackoffOptions Backoff { get; } = options.Backoff.Clone();

        public ReadinessOptions Readiness { get; } = options.Readiness.Clone();

        public LivenessOptions Liveness { get; } = options.Liveness.Clone();
    }
}
