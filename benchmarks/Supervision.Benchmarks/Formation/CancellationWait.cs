namespace Supervision.Benchmarks;

/// <summary>
/// The body of an idle instance, shared by the supervised worker and the bare-Task baseline so that the two
/// differ only in what runs it: wait for the token, then end quietly.
/// </summary>
internal static class CancellationWait
{
    public static async Task UntilCancelledAsync(CancellationToken token)
    {
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Asked to stop: a clean end.
        }
    }
}
