using Supervision.InProcess;
using Supervision.Runs;

namespace Supervision.Engine;

/// <summary>
/// A process type in its supervisor: its effective settings once code defaults, configuration and formation are
/// merged, its start position and its instances. The restart settings (policy, backoff, stop timeout, readiness,
/// liveness, exit codes, lifetime) can be replaced by a configuration reload: they are one immutable object swapped
/// whole, read afresh at each start, exit and stop, so a change applies from the next one. Only the owning control
/// loop replaces <see cref="Instances"/>; readers on other threads see one array or the next, whole.
/// </summary>
internal sealed class ProcessTypeSlot(string name, string? group, int order, ProcessTypeOptions options, int? port, ProcessLauncher launcher) : SupervisorSlot(order)
{
    private volatile InstanceChild[] _instances = [];

    private RestartSettings _settings = new(options);

    public string Name { get; } = name;

    public string? Group { get; } = group;

    /// <summary>Whether an instance ending for good can end its supervisor (<see cref="ProcessGroupOptions.AutoShutdown"/>).</summary>
    public bool Significant { get; } = options.Significant;

    /// <summary>When every instance restarts as planned; <see langword="null"/> for none.</summary>
    public RestartSchedule? RestartSchedule { get; } = options.RestartSchedule is { } schedule ? Engine.RestartSchedule.Parse(schedule) : null;

    /// <summary>The restart settings in force: read once per start, exit or stop, so that one reload never mixes with another.</summary>
    public RestartSettings Settings => Volatile.Read(ref _settings);

    public RestartPolicy Restart => Settings.Restart;

    public TimeSpan StopTimeout => Settings.StopTimeout;

    public BackoffOptions Backoff => Settings.Backoff;

    public ReadinessOptions Readiness => Settings.Readiness;

    public LivenessOptions Liveness => Settings.Liveness;

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

    /// <summary>The instances, by number from 1 without gaps; the count the formation asks for is their number.</summary>
    public InstanceChild[] Instances
    {
        get => _instances;
        set => _instances = value;
    }

    /// <summary>The settings a reload may change, as one immutable object.</summary>
    internal sealed class RestartSettings(ProcessTypeOptions options)
    {
        public RestartPolicy Restart { get; } = options.Restart;

        public TimeSpan StopTimeout { get; } = options.StopTimeout;

        public BackoffOptions Backoff { get; } = options.Backoff.Clone();

        public ReadinessOptions Readiness { get; } = options.Readiness.Clone();

        public LivenessOptions Liveness { get; } = options.Liveness.Clone();

        /// <summary>Exit codes that count as clean besides 0; <see langword="null"/> when there are none (the common case costs one test).</summary>
        public HashSet<int>? SuccessExitCodes { get; } = options.SuccessExitCodes.Count == 0 ? null : [.. options.SuccessExitCodes];

        /// <summary>Exit codes that end the instance for good; <see langword="null"/> when there are none.</summary>
        public HashSet<int>? RestartPreventExitCodes { get; } = options.RestartPreventExitCodes.Count == 0 ? null : [.. options.RestartPreventExitCodes];

        public TimeSpan? MaxLifetime { get; } = options.MaxLifetime;
    }
}
