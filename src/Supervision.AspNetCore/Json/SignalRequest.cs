namespace Supervision.AspNetCore.Json;

/// <summary>The body of <c>POST types/{type}/signal</c> and <c>POST types/{type}/instances/{n}/signal</c>.</summary>
internal sealed record SignalRequest(string? Signal);
