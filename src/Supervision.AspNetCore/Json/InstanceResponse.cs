namespace Supervision.AspNetCore.Json;

/// <summary>One instance, as JSON; durations in seconds so a page can do arithmetic on them.</summary>
internal sealed record InstanceResponse(
    string Type, int Instance, string Name, InstanceState State, int? Pid, int Restarts, double? UptimeSeconds, ExitResponse? LastExit);
