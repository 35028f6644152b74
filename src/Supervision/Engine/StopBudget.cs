namespace Supervision.Engine;

/// <summary>The time a stop has: a token that ends it, and, when known, the moment it ends on the supervisor's clock.</summary>
/// <param name="Token">Cancelled when the time is up (a host's shutdown timeout).</param>
/// <param name="EndsAt">When the time is up, a timestamp of the supervisor's clock; 0 (the default) when unknown.</param>
internal readonly record struct StopBudget(CancellationToken Token, long EndsAt = 0)
{
    /// <summary>Whether <paramref name="needed"/> still fits in what is left.</summary>
    public bool Covers(TimeProvider time, TimeSpan needed) =>
        EndsAt == 0 || time.GetElapsedTime(time.GetTimestamp(), EndsAt) >= needed;
}
