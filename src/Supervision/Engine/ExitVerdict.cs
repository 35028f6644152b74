namespace Supervision.Engine;

/// <summary>What an exit says about a restart before the restart policy is asked (see <see cref="SupervisedChild.Judge"/>).</summary>
internal enum ExitVerdict
{
    /// <summary>Nothing: the restart policy decides.</summary>
    ByPolicy,

    /// <summary>
    /// The child ends for good whatever its policy: a restart-preventing exit code, <see cref="DoNotRestartException"/>,
    /// an init step that completed (<see cref="ReadinessProbe.Completed"/>), or a group that shut itself down.
    /// </summary>
    EndForGood,

    /// <summary><see cref="TerminateSupervisorTreeException"/>: every supervisor up to the root fails at once.</summary>
    TerminateTree,
}
