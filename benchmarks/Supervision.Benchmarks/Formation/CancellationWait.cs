namespace Supervision.Benchmarks;

/// <summary>
/// The body of an idle instance, shared by the supervised worker and the bare-Task baseline so that the two
/// differ only in what runs it: wait for the token, then end quietly.
/// </summary>
internal static class CancellationWait
{
    // SuppressThrowing: the cancellation ends the wait without a TaskCanceledException, whose object and stack
    // trace would cost more than the instance itself and hide what the runner costs.
    public static async Task UntilCancelledAsync(CancellationToken token) =>
        await Task.Delay(Timeout.InfiniteTimeSpan, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
}
