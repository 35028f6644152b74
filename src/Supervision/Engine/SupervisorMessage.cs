namespace Supervision.Engine;

/// <summary>One message to a supervisor's control loop; a struct so that posting allocates nothing.</summary>
internal readonly struct SupervisorMessage
{
    private SupervisorMessage(SupervisorMessageKind kind, SupervisedChild? child, int generation, ProcessExit exit, StopRequest? stop, ControlRequest? control = null, long endedAt = 0)
    {
        Kind = kind;
        EndedAt = endedAt;
        Child = child;
        Generation = generation;
        Exit = exit;
        Stop = stop;
        Control = control;
    }

    public SupervisorMessageKind Kind { get; }

    public SupervisedChild? Child { get; }

    /// <summary>The child's generation when the message was made; a later start or stop makes it stale.</summary>
    public int Generation { get; }

    public ProcessExit Exit { get; }

    /// <summary>When the run ended (a <see cref="TimeProvider.GetTimestamp"/> of the supervisor's clock), for <see cref="SupervisorMessageKind.Exited"/>.</summary>
    public long EndedAt { get; }

    public StopRequest? Stop { get; }

    /// <summary>A scale or restart asked through <see cref="ISupervisor"/>.</summary>
    public ControlRequest? Control { get; }

    // Stamped when posted, not when read: a backoff counts from the exit, however long the loop took to get to it.
    public static SupervisorMessage Exited(SupervisedChild child, int generation, ProcessExit exit) =>
        Exited(child, generation, exit, child.Parent.Runtime.Time.GetTimestamp());

    public static SupervisorMessage Exited(SupervisedChild child, int generation, ProcessExit exit, long endedAt) =>
        new(SupervisorMessageKind.Exited, child, generation, exit, null, endedAt: endedAt);

    /// <summary>A child's run is ready (it reported so, its probe succeeded, or a group's formation is ready).</summary>
    public static SupervisorMessage Ready(SupervisedChild child, int generation) =>
        new(SupervisorMessageKind.Ready, child, generation, default, null);

    public static SupervisorMessage BackoffsDue() =>
        new(SupervisorMessageKind.BackoffsDue, null, 0, default, null);

    public static SupervisorMessage StopAll(StopRequest request) =>
        new(SupervisorMessageKind.Stop, null, 0, default, request);

    public static SupervisorMessage ControlRequest(ControlRequest request) =>
        new(SupervisorMessageKind.Control, null, 0, default, null, request);
}

internal enum SupervisorMessageKind
{
    Exited,
    Ready,
    BackoffsDue,
    Stop,
    Control,
}

internal sealed class StopRequest(int run, StopBudget budget)
{
    /// <summary>The run of the supervisor the request was made to.</summary>
    public int Run { get; } = run;

    public StopBudget Budget { get; } = budget;

    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
