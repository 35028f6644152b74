namespace Supervision.AspNetCore.Json;

/// <summary>From the public status and event types to their JSON shapes.</summary>
internal static class ResponseMapping
{
    /// <summary>The tree, with each instance's recent output read alongside its status.</summary>
    public static StatusResponse ToResponse(this SupervisorStatus status, ISupervisor supervisor) =>
        new(status.State, [.. status.ProcessTypes.Select(t => new ProcessTypeResponse(t.Name, t.Group, t.Count, [.. t.Instances.Select(i => i.ToResponse(supervisor))]))]);

    public static EventResponse ToResponse(this SupervisionEvent e) =>
        new(e.Kind, e.Timestamp, e.Source, e.TypeName, e.Instance, e.RestartCount, e.Exit?.ToResponse(), e.Delay?.TotalSeconds, e.Missed, e.State, e.RecentOutput?.ToResponse());

    private static InstanceResponse ToResponse(this ProcessInstanceStatus i, ISupervisor supervisor) =>
        new(i.TypeName, i.Instance, i.Name, i.State, i.Pid, i.Restarts, i.Uptime?.TotalSeconds, i.LastExit?.ToResponse(), RecentOutput(supervisor, i)?.ToResponse());

    private static IReadOnlyList<OutputLine>? RecentOutput(ISupervisor supervisor, ProcessInstanceStatus instance)
    {
        try
        {
            IReadOnlyList<OutputLine> lines = supervisor.GetRecentOutput(instance.TypeName, instance.Instance);
            return lines.Count == 0 ? null : lines;
        }
        catch (ArgumentException)
        {
            // Scaled down since the status was taken: the instance has nothing left to show.
            return null;
        }
    }

    private static OutputLineResponse[] ToResponse(this IReadOnlyList<OutputLine> lines) =>
        [.. lines.Select(static l => new OutputLineResponse(l.Timestamp, l.Text, l.IsError))];

    private static ExitResponse ToResponse(this ProcessExit exit) =>
        new(exit.Reason, exit.ExitCode, exit.Signal, exit.Exception is { } ex ? $"{ex.GetType().Name}: {ex.Message}" : null, exit.ToString());
}
