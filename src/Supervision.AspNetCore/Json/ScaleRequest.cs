namespace Supervision.AspNetCore.Json;

/// <summary>The body of <c>POST types/{type}/scale</c>.</summary>
internal sealed record ScaleRequest(int? Count);
