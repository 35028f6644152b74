namespace Supervision.Runs;

/// <summary>Starts runs of the instances of one process type.</summary>
internal abstract class ProcessLauncher
{
    /// <summary>Starts one run. When it ends, the returned process reports it through <see cref="RunStart.Channel"/>.</summary>
    /// <exception cref="Exception">Any exception means the run could not start.</exception>
    public abstract RunningProcess Start(in RunStart start);
}
