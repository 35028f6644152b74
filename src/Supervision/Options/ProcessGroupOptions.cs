namespace Supervision;

/// <summary>How a supervisor (the root or a process group) treats its failing children.</summary>
public class ProcessGroupOptions
{
    /// <summary>Gets or sets which children restart when one fails.</summary>
    /// <value>The default value is <see cref="SupervisionStrategy.OneForOne"/>.</value>
    public SupervisionStrategy Strategy { get; set; } = SupervisionDefaults.Strategy;

    /// <summary>
    /// Gets or sets how many restarts are tolerated inside <see cref="RestartWindow"/>; one more makes this
    /// supervisor stop its children and fail to its parent. -1 means never give up.
    /// </summary>
    /// <value>The default value is 5.</value>
    public int MaxRestarts { get; set; } = SupervisionDefaults.MaxRestarts;

    /// <summary>Gets or sets the sliding window in which restarts are counted.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan RestartWindow { get; set; } = SupervisionDefaults.RestartWindow;

    /// <summary>Gets or sets how this supervisor stops its children.</summary>
    /// <value>The default value is <see cref="StopOrder.Reverse"/>.</value>
    public StopOrder StopOrder { get; set; }

    /// <summary>
    /// Gets or sets whether the end of <see cref="ProcessTypeOptions.Significant"/> children ends this supervisor
    /// (Erlang/OTP's <c>auto_shutdown</c>): it then stops its other children and ends. The root ending stops the
    /// host, with exit code 0 after a clean end and a non-zero one after a failure; a group ending is, to its parent,
    /// a significant child that ended for good.
    /// </summary>
    /// <value>The default value is <see cref="Supervision.AutoShutdown.Never"/>.</value>
    public AutoShutdown AutoShutdown { get; set; }
}
