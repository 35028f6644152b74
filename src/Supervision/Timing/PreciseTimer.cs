namespace Supervision.Timing;

/// <summary>
/// One timer of a <see cref="PreciseTimerQueue"/>, with the semantics of <see cref="TimeProvider.CreateTimer"/>'s:
/// <see cref="Change"/> arms it anew (<see cref="Timeout.InfiniteTimeSpan"/> disarms it, a period of zero or infinite
/// fires once), and after <see cref="Dispose"/> it stays disarmed and <see cref="Change"/> returns
/// <see langword="false"/>. As with any timer, a callback already on its way may still run once after a
/// <see cref="Change"/> or <see cref="Dispose"/>; <see cref="DisposeAsync"/> waits for it. The callback runs on the
/// queue's thread without the creator's <see cref="ExecutionContext"/>.
/// </summary>
internal sealed class PreciseTimer : ITimer
{
    private readonly PreciseTimerQueue _queue;
    private readonly TimerCallback _callback;
    private readonly object? _state;

    public PreciseTimer(PreciseTimerQueue queue, TimerCallback callback, object? state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        _queue = queue;
        _callback = callback;
        _state = state;
    }

    // The fields below belong to the queue and are touched under its lock only.

    /// <summary>When it is due, a <see cref="System.Diagnostics.Stopwatch"/> timestamp; meaningful while armed.</summary>
    internal long DueAt { get; set; }

    /// <summary>Its position in the queue's heap, -1 while disarmed.</summary>
    internal int HeapIndex { get; set; } = -1;

    /// <summary>The period in <see cref="System.Diagnostics.Stopwatch"/> ticks; 0 fires once.</summary>
    internal long Period { get; set; }

    internal bool IsDisposed { get; set; }

    /// <summary>Completed when the callback that was running when <see cref="DisposeAsync"/> was called has returned.</summary>
    internal TaskCompletionSource? CallbackReturned { get; set; }

    public bool Change(TimeSpan dueTime, TimeSpan period) => _queue.Change(this, dueTime, period);

    public void Dispose() => _queue.Dispose(this);

    public ValueTask DisposeAsync() => _queue.DisposeAsync(this);

    internal void Invoke() => _callback(_state);
}
