namespace Supervision.AspNetCore.Json;

/// <summary>
/// How a run ended, as JSON. The exception is reduced to its type and message: a whole <see cref="Exception"/> neither
/// serializes safely nor belongs on a page (its stack trace shows the app's internals).
/// </summary>
internal sealed record ExitResponse(ExitReason Reason, int? ExitCode, int? Signal, string? Error, string Summary);
