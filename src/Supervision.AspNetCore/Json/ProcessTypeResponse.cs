namespace Supervision.AspNetCore.Json;

/// <summary>One process type and its instances, as JSON.</summary>
internal sealed record ProcessTypeResponse(string Name, string? Group, int Count, IReadOnlyList<InstanceResponse> Instances);
