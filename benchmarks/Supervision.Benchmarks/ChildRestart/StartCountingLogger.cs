using Microsoft.Extensions.Logging;

namespace Supervision.Benchmarks;

/// <summary>
/// The supervisor's logger in B3: counts "InstanceStarted" entries (formatting nothing) so that a benchmark can wait
/// for the next N restarts of a child that restarts on its own, as fast as it can, without a reader of events.
/// </summary>
internal sealed class StartCountingLogger : ILogger
{
    /// <summary>The event id of <c>Log.InstanceStarted</c> in the library.</summary>
    private const int InstanceStartedId = 1;

    private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _starts;
    private long _target = long.MaxValue;

    public long Starts => Interlocked.Read(ref _starts);

    /// <summary>Completes once <paramref name="count"/> more starts have been logged.</summary>
    public Task WaitForStartsAsync(int count)
    {
        // Target out of reach first, so that the new completion is not set by a start still aiming at the old one.
        Interlocked.Exchange(ref _target, long.MaxValue);
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _reached, reached);
        Interlocked.Exchange(ref _target, Interlocked.Read(ref _starts) + count);
        return reached.Task;
    }

    public bool IsEnabled(LogLevel logLevel) => logLevel == LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id == InstanceStartedId && Interlocked.Increment(ref _starts) >= Interlocked.Read(ref _target))
        {
            Volatile.Read(ref _reached).TrySetResult();
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;
}
