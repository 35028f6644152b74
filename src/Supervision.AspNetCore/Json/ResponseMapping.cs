namespace Supervision.AspNetCore.Json;

/// <summary>From the public status and event types to their JSON shapes.</summary>
internal static class ResponseMapping
{
    public static StatusResponse ToResponse(this SupervisorStatus status) =>
        new(status.State, [.. status.ProcessTypes.Select(t => new ProcessTypeResponse(t.Name, t.Group, t.Count, [.. t.Instances.Select(ToResponse)]))]);

    public static EventResponse ToResponse(this SupervisionEvent e) =>
        new(e.Kind, e.Timestamp, e.Source, e.TypeName, e.Instance, e.RestartCount, e.Exit?.ToResponse(), e.Delay?.TotalSeconds, e.Missed, e.State);

    private static InstanceResponse ToResponse(ProcessInstanceStatus i) =>
        new(i.TypeName, i.Instance, i.Name, i.State, i.Pid, i.Restarts, i.Uptime?.TotalSeconds, i.LastExit?.ToResponse());

    private static ExitResponse ToResponse(this ProcessExit exit) =>
        new(exit.Reason, exit.ExitCode, exit.Signal, exit.Exception is { } ex ? $"{ex.GetType().Name}: {ex.Message}" : null, exit.ToString());
}
