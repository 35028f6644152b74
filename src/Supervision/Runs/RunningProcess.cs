namespace Supervision.Runs;

/// <summary>One run of an instance, in-process or as a child process.</summary>
internal abstract class RunningProcess
{
    /// <summary>Completes, never faulted, with how the run ended.</summary>
    public abstract Task<ProcessExit> Completion { get; }

    /// <summary>The OS process id of a child process; <see langword="null"/> in-process.</summary>
    public virtual int? Pid => null;

    /// <summary>
    /// Called on every run a stop is about to end, before any of them is asked to: a child process lists its
    /// descendants now, while they are all in sight, rather than between the signals of its siblings (whose exits
    /// would slow the walk and delay the signals after it).
    /// </summary>
    public virtual void PrepareStop()
    {
    }

    /// <summary>Sends a signal on request to a child process's group; false for an in-process run, which has none.</summary>
    public virtual bool Signal(int signal) => false;

    /// <summary>Asks the run to end: cancels the token of an in-process worker, signals a child process.</summary>
    public abstract void RequestStop();

    /// <summary>
    /// Ends a run that did not stop in time: kills a child process and waits, bounded, for it to be reaped;
    /// abandons an in-process worker at once.
    /// </summary>
    public abstract Task KillAsync();
}
