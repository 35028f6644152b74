using System.Diagnostics;

namespace Supervision.Benchmarks;

/// <summary>
/// An unrelated periodic job whose work runs on the thread pool, woken by a precise tick instead of a .NET timer: a
/// dedicated thread waits one period on the <see cref="Stopwatch"/> clock (<see cref="Monitor.Wait(object, int)"/>,
/// precise to a fraction of a millisecond, where a <c>Task.Delay</c> is late by up to the kernel's 4 ms coarse tick),
/// queues the job to the pool and waits for it to have run before the next period. How late the job starts is then
/// the pool's queueing (starvation) plus a small, measured tick error, with no coarse-clock floor hiding it.
/// Independent of the library's own timer thread, so it measures the pool, not us.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Stop disposes the event once the thread has ended.")]
internal sealed class ThreadPoolLatenessProbe
{
    private readonly List<(long At, double TickLateMs, double StartLateMs)> _samples = [];
    private readonly TimeSpan _period;
    private readonly object _gate = new();
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _ran = new();
    private bool _stop;

    public ThreadPoolLatenessProbe(TimeSpan period)
    {
        _period = period;
        _thread = new Thread(Tick) { IsBackground = true, Name = "pool-lateness-probe" };
    }

    public void Start() => _thread.Start();

    public void Stop()
    {
        lock (_gate)
        {
            _stop = true;
            Monitor.Pulse(_gate);
        }

        _thread.Join();
        _ran.Dispose();
    }

    /// <summary>How late the job started on the pool, in milliseconds past its due time, between two timestamps.</summary>
    public double[] StartLatenessMs(long from, long to) => [.. Between(from, to).Select(static s => s.StartLateMs)];

    /// <summary>How late the dedicated thread itself woke up (the probe's own error), in milliseconds.</summary>
    public double[] TickLatenessMs(long from, long to) => [.. Between(from, to).Select(static s => s.TickLateMs)];

    private IEnumerable<(long At, double TickLateMs, double StartLateMs)> Between(long from, long to) =>
        _samples.Where(s => s.At >= from && s.At < to);

    private void Tick()
    {
        long periodTicks = (long)(_period.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            long due = Stopwatch.GetTimestamp() + periodTicks;
            if (!WaitUntil(due))
            {
                return;
            }

            long woke = Stopwatch.GetTimestamp();
            _ran.Reset();
            long started = 0;
            ThreadPool.UnsafeQueueUserWorkItem<object?>(
                _ =>
                {
                    started = Stopwatch.GetTimestamp();
                    _ran.Set();
                },
                null,
                preferLocal: false);
            _ran.Wait();
            _samples.Add((woke, Stopwatch.GetElapsedTime(due, woke).TotalMilliseconds, Stopwatch.GetElapsedTime(due, started).TotalMilliseconds));
        }
    }

    /// <summary>Waits until the clock reaches <paramref name="due"/> (never before); false when stopped.</summary>
    private bool WaitUntil(long due)
    {
        lock (_gate)
        {
            while (!_stop)
            {
                long left = due - Stopwatch.GetTimestamp();
                if (left <= 0)
                {
                    return true;
                }

                Monitor.Wait(_gate, (int)Math.Ceiling(left * 1000.0 / Stopwatch.Frequency));
            }

            return false;
        }
    }
}
