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
}
