namespace Supervision.AspNetCore.Json;

/// <summary>The tree as <c>GET status</c> answers it.</summary>
internal sealed record StatusResponse(SupervisorState State, IReadOnlyList<ProcessTypeResponse> ProcessTypes);
