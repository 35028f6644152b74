namespace Supervision;

/// <summary>Starts runs of the instances of one process type.</summary>
internal abstract class ProcessLauncher
{
    /// <summary>
    /// Starts one run of <paramref name="instance"/>. When the run ends, the returned process calls
    /// <see cref="InstanceChild.OnRunEnded"/> with <paramref name="generation"/>.
    /// </summary>
    /// <exception cref="Exception">Any exception means the run could not start.</exception>
    public abstract RunningProcess Start(InstanceChild instance, int generation);
}
