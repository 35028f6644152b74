namespace Supervision;

/// <summary>Settings of one process type, section <c>Supervision:ProcessTypes:NAME</c>.</summary>
public sealed class ProcessTypeOptions
{
    /// <summary>Gets or sets how many instances run. <c>Supervision:Formation</c> overrides it.</summary>
    /// <value>The default value is 1.</value>
    public int Count { get; set; } = SupervisionDefaults.Count;

    /// <summary>Gets or sets when an instance that exited is started again.</summary>
    /// <value>The default value is <see cref="RestartPolicy.Always"/>.</value>
    public RestartPolicy Restart { get; set; } = SupervisionDefaults.Restart;

    /// <summary>Gets or sets how long a stopping instance may take before it is abandoned (in-process) or killed.</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan StopTimeout { get; set; } = SupervisionDefaults.StopTimeout;

    /// <summary>Gets or sets the base port: instance N gets <c>Port + N − 1</c>. <see langword="null"/> assigns none.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public int? Port { get; set; }

    /// <summary>Gets the backoff between restarts of one instance.</summary>
    public BackoffOptions Backoff { get; } = new();

    /// <summary>Gets when an instance counts as ready.</summary>
    public ReadinessOptions Readiness { get; } = new();

    /// <summary>Gets when a ready instance counts as hung.</summary>
    public LivenessOptions Liveness { get; } = new();

    /// <summary>
    /// Gets or sets whether the end of an instance of this type can end its supervisor (see
    /// <see cref="ProcessGroupOptions.AutoShutdown"/>): an instance that ends for good (by its policy, an exit code in
    /// <see cref="RestartPreventExitCodes"/> or <see cref="DoNotRestartException"/>) triggers it. Needs
    /// <see cref="Restart"/> <see cref="RestartPolicy.OnFailure"/> or <see cref="RestartPolicy.Never"/>, as in Erlang/OTP.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool Significant { get; set; }

    /// <summary>Gets or sets exit codes of a child process that count as a clean exit, like 0 (systemd's <c>SuccessExitStatus=</c>).</summary>
    /// <value>The default value is empty.</value>
    public IList<int> SuccessExitCodes { get; set; } = [];

    /// <summary>
    /// Gets or sets exit codes of a child process that end the instance for good, whatever its restart policy
    /// (systemd's <c>RestartPreventExitStatus=</c>); such an exit is not counted against the restart intensity.
    /// </summary>
    /// <value>The default value is empty.</value>
    public IList<int> RestartPreventExitCodes { get; set; } = [];

    /// <summary>
    /// Gets or sets how long an instance runs before it is restarted as planned (systemd's <c>RuntimeMaxSec=</c>),
    /// minus up to a tenth at random so that instances started together do not restart together. The restart is
    /// rolling (one instance of the type down at a time), is not a failure and does not advance the backoff.
    /// </summary>
    /// <value>The default value is <see langword="null"/> (no limit).</value>
    public TimeSpan? MaxLifetime { get; set; }

    /// <summary>
    /// Gets or sets a cron expression (five fields, or six with seconds first; local time) at which every instance of
    /// the type is restarted as planned, rolling, like <c>pm2 --cron-restart</c>.
    /// </summary>
    /// <value>The default value is <see langword="null"/> (none).</value>
    public string? RestartSchedule { get; set; }

    /// <summary>
    /// Gets or sets the program a child process type runs, started without a shell. A type configured only in
    /// configuration, with a <c>Command</c>, is a child process type.
    /// </summary>
    /// <value>The default value is <see langword="null"/> (an in-process type).</value>
    public string? Command { get; set; }

    /// <summary>Gets or sets the arguments passed verbatim to <see cref="Command"/>; configuration replaces them as a whole.</summary>
    /// <value>The default value is empty.</value>
    public IList<string> Arguments { get; set; } = [];

    /// <summary>Gets or sets the working directory of a child process, relative to the host's current directory.</summary>
    /// <value>The default value is <see langword="null"/> (the host's current directory).</value>
    public string? WorkingDirectory { get; set; }

    /// <summary>Gets the variables added to a child process's environment, over the host's own.</summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets or sets the signal that asks a child process group to stop (<c>SIGTERM</c>, <c>TERM</c> or a number).</summary>
    /// <value>The default value is <c>SIGTERM</c>.</value>
    public string StopSignal { get; set; } = SupervisionDefaults.StopSignal;

    /// <summary>Gets or sets where a child process's output goes.</summary>
    /// <value>The default value is <see cref="ChildOutputMode.Log"/>.</value>
    public ChildOutputMode Output { get; set; } = SupervisionDefaults.Output;
}
