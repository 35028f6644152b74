namespace Supervision.Benchmarks;

/// <summary>Completes once a given number of starts have been signalled, from any thread.</summary>
internal sealed class StartCounter(int expected)
{
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _remaining = expected;

    public Task AllStarted => _all.Task;

    public void Signal()
    {
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            _all.TrySetResult();
        }
    }
}
