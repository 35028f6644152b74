using System.Diagnostics;

namespace Supervision.Benchmarks;

/// <summary>
/// An unrelated periodic job on the thread pool, as an application would have one: it waits one period again
/// and again and records how late each wake-up is. A starved thread pool shows up as lateness.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "StopAsync disposes the token source once the loop has ended.")]
internal sealed class TimerLatenessProbe(TimeSpan period)
{
    private readonly List<(long At, double LateMs)> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public void Start() => _loop = Task.Run(LoopAsync);

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    /// <summary>Lateness in milliseconds of the wake-ups between two <see cref="Stopwatch"/> timestamps.</summary>
    public double[] LatenessMs(long from, long to) => [.. _samples.Where(s => s.At >= from && s.At < to).Select(static s => s.LateMs)];

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            long before = Stopwatch.GetTimestamp();
            try
            {
                await Task.Delay(period, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            long now = Stopwatch.GetTimestamp();
            _samples.Add((now, (Stopwatch.GetElapsedTime(before, now) - period).TotalMilliseconds));
        }
    }
}
