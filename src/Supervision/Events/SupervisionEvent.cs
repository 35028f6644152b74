namespace Supervision;

/// <summary>Something that happened in the supervisor tree.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Timestamp">When, by the supervisor's <see cref="TimeProvider"/>.</param>
/// <param name="Source">The instance name (<c>worker.2</c>), or the group name for group events (<c>""</c> for the root).</param>
/// <param name="TypeName">The process type, for instance events.</param>
/// <param name="Instance">The 1-based instance number, for instance events; 0 otherwise.</param>
/// <param name="RestartCount">How many times the instance has been restarted.</param>
/// <param name="Exit">How the run ended, for <see cref="SupervisionEventKind.Exited"/>.</param>
/// <param name="Delay">The restart delay, for <see cref="SupervisionEventKind.Backoff"/>.</param>
/// <param name="Missed">How many events this reader missed, for <see cref="SupervisionEventKind.Missed"/>.</param>
/// <param name="State">
/// The instance's state, for <see cref="SupervisionEventKind.Snapshot"/>; for <see cref="SupervisionEventKind.Started"/>,
/// <see cref="InstanceState.Starting"/> when a readiness probe has yet to pass, <see cref="InstanceState.Running"/> otherwise.
/// </param>
/// <param name="RecentOutput">
/// For the <see cref="SupervisionEventKind.Exited"/> event of a failed run of a child process: the last lines its
/// instance wrote, oldest first (see <see cref="ProcessTypeOptions.RecentOutputLines"/>), the context of the crash.
/// </param>
public readonly record struct SupervisionEvent(
    SupervisionEventKind Kind,
    DateTimeOffset Timestamp,
    string Source,
    string? TypeName = null,
    int Instance = 0,
    int RestartCount = 0,
    ProcessExit? Exit = null,
    TimeSpan? Delay = null,
    long Missed = 0,
    InstanceState? State = null,
    IReadOnlyList<OutputLine>? RecentOutput = null);
