namespace Supervision.Tests.Fakes;

/// <summary>Records every event of a supervisor from before its start; tests wait on it instead of sleeping.</summary>
public sealed class EventLog
{
    private readonly List<SupervisionEvent> _events = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public EventLog(ISupervisor supervisor, CancellationToken cancellationToken)
    {
        IAsyncEnumerable<SupervisionEvent> events = supervisor.WatchAsync(cancellationToken);
        _ = PumpAsync(events);
    }

    public IReadOnlyList<SupervisionEvent> Snapshot()
    {
        lock (_events)
        {
            return [.. _events];
        }
    }

    public IReadOnlyList<SupervisionEvent> Of(SupervisionEventKind kind, string? source = null) =>
        Snapshot().Where(e => e.Kind == kind && (source is null || e.Source == source)).ToList();

    /// <summary>Waits until <paramref name="count"/> events of <paramref name="kind"/> (from <paramref name="source"/>, if given) have been seen.</summary>
    public async Task<SupervisionEvent> WaitAsync(SupervisionEventKind kind, string? source = null, int count = 1)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        while (true)
        {
            Task changed;
            lock (_events)
            {
                var matches = _events.Where(e => e.Kind == kind && (source is null || e.Source == source)).ToList();
                if (matches.Count >= count)
                {
                    return matches[count - 1];
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(timeout.Token);
        }
    }

    private async Task PumpAsync(IAsyncEnumerable<SupervisionEvent> events)
    {
        try
        {
            await foreach (SupervisionEvent e in events)
            {
                lock (_events)
                {
                    _events.Add(e);
                    TaskCompletionSource changed = _changed;
                    _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    changed.TrySetResult();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
