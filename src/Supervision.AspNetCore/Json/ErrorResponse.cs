namespace Supervision.AspNetCore.Json;

/// <summary>Why an action was refused, as JSON.</summary>
internal sealed record ErrorResponse(string Error);
