namespace Supervision.AspNetCore.Json;

/// <summary>One recent output line of an instance, as JSON.</summary>
internal sealed record OutputLineResponse(DateTimeOffset Timestamp, string Text, bool IsError);
