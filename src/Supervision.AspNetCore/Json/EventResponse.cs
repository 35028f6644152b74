namespace Supervision.AspNetCore.Json;

/// <summary>One <see cref="SupervisionEvent"/>, as the data of a Server-Sent Event; a failed run's <c>Exited</c> carries its last lines.</summary>
internal sealed record EventResponse(
    SupervisionEventKind Kind,
    DateTimeOffset Timestamp,
    string Source,
    string? Type,
    int Instance,
    int Restarts,
    ExitResponse? Exit,
    double? DelaySeconds,
    long Missed,
    InstanceState? State,
    IReadOnlyList<OutputLineResponse>? RecentOutput);
