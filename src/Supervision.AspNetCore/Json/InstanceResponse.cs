namespace Supervision.AspNetCore.Json;

/// <summary>
/// One instance, as JSON; durations in seconds so a page can do arithmetic on them. <c>RecentOutput</c> is the
/// instance's last lines (a child process type's), oldest first; left out when it keeps none.
/// </summary>
internal sealed record InstanceResponse(
    string Type, int Instance, string Name, InstanceState State, int? Pid, int Restarts, double? UptimeSeconds, ExitResponse? LastExit,
    IReadOnlyList<OutputLineResponse>? RecentOutput);
