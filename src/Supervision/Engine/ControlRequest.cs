namespace Supervision.Engine;

/// <summary>
/// A scale, a restart or a signal asked through <see cref="ISupervisor"/>, carried to the control loop that owns the type,
/// or a ping that only asks the loop to answer. The loop completes <see cref="Done"/>; the caller only waits for it.
/// </summary>
internal sealed class ControlRequest
{
    private ControlRequest(ProcessTypeSlot slot, int count, int? instance, bool isRestart, CancellationToken cancellationToken, int signalNumber = 0)
    {
        Slot = slot;
        Count = count;
        Instance = instance;
        IsRestart = isRestart;
        CancellationToken = cancellationToken;
        SignalNumber = signalNumber;
    }

    /// <summary>The type scaled or restarted; none for a ping.</summary>
    public ProcessTypeSlot Slot { get; }

    /// <summary>Whether this only asks the loop to answer (<see cref="Supervisor.PingAsync"/>).</summary>
    public bool IsPing => Slot is null;

    /// <summary>The new instance count, for a scale.</summary>
    public int Count { get; }

    /// <summary>The one instance to restart; <see langword="null"/> for a rolling restart of the whole type.</summary>
    public int? Instance { get; }

    public bool IsRestart { get; }

    /// <summary>The signal to send, for a signal request; 0 otherwise.</summary>
    public int SignalNumber { get; }

    /// <summary>What the request does, for messages.</summary>
    public string Verb => IsRestart ? "restart" : SignalNumber != 0 ? "signal" : "scale";

    /// <summary>Cancelling ends a rolling restart before its next step; the step under way finishes.</summary>
    public CancellationToken CancellationToken { get; }

    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>For a restart: the instance numbers still to restart, in order, and the one being restarted.</summary>
    public Queue<int>? Remaining { get; set; }

    public InstanceChild? Current { get; set; }

    public static ControlRequest Ping() => new(null!, 0, null, false, CancellationToken.None);

    /// <summary>For a planned restart: what planned it (<c>MaxLifetime</c>, <c>RestartSchedule</c>); nobody waits for it.</summary>
    public string? PlannedBecause { get; private init; }

    /// <summary>For a planned restart of one instance: the run it was planned for; a later run is left alone.</summary>
    public int? PlannedGeneration { get; private init; }

    public static ControlRequest Scale(ProcessTypeSlot slot, int count) => new(slot, count, null, false, CancellationToken.None);

    public static ControlRequest Restart(ProcessTypeSlot slot, int? instance, CancellationToken cancellationToken) =>
        new(slot, 0, instance, true, cancellationToken);

    public static ControlRequest Planned(ProcessTypeSlot slot, InstanceChild? instance, string because) =>
        new(slot, 0, instance?.Number, true, CancellationToken.None) { PlannedBecause = because, PlannedGeneration = instance?.Generation };

    public static ControlRequest Signal(ProcessTypeSlot slot, int? instance, int signal) => new(slot, 0, instance, false, CancellationToken.None, signal);
}
