namespace Supervision.Testing;

/// <summary>Waits for a line of a child instance's output, for every test project that runs children.</summary>
public static class RecentOutputWait
{
    /// <summary>
    /// Waits until instance <paramref name="instance"/> of <paramref name="type"/> has written <paramref name="text"/>:
    /// following its output first, then looking back, so the line is either kept already or still to come.
    /// </summary>
    public static async Task ForLineAsync(ISupervisor supervisor, string type, int instance, string text, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(timeout);
        await using IAsyncEnumerator<OutputLine> lines = supervisor.WatchOutputAsync(type, instance, stop.Token).GetAsyncEnumerator(stop.Token);
        Task<bool> next = lines.MoveNextAsync().AsTask();
        try
        {
            while (!supervisor.GetRecentOutput(type, instance).Any(l => l.Text == text))
            {
                if (!await next)
                {
                    throw new InvalidOperationException($"The output of {type}.{instance} ended without '{text}'.");
                }

                if (lines.Current.Text == text)
                {
                    return;
                }

                next = lines.MoveNextAsync().AsTask();
            }
        }
        finally
        {
            // An enumerator is disposed only once its pending step has ended.
            await stop.CancelAsync();
            await next.ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }
}
