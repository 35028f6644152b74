using System.Diagnostics;

namespace Supervision.Benchmarks;

/// <summary>
/// Samples <see cref="ThreadPool.PendingWorkItemCount"/> and <see cref="ThreadPool.ThreadCount"/> about every
/// millisecond from a dedicated thread, so that the samples keep coming while the thread pool itself is saturated.
/// A starved pool injects threads; a merely busy one drains its queue with the threads it has.
/// </summary>
internal sealed class QueueLengthSampler
{
    private readonly List<(long At, long Pending, int Threads)> _samples = [];
    private readonly Thread _thread;
    private volatile bool _stop;

    public QueueLengthSampler()
    {
        _thread = new Thread(Sample) { IsBackground = true, Name = "queue-length-sampler" };
    }

    public void Start() => _thread.Start();

    public void Stop()
    {
        _stop = true;
        _thread.Join();
    }

    public long[] Pending(long from, long to) => [.. _samples.Where(s => s.At >= from && s.At < to).Select(static s => s.Pending)];

    public int MaxThreads(long from, long to) => _samples.Where(s => s.At >= from && s.At < to).Max(static s => s.Threads);

    private void Sample()
    {
        while (!_stop)
        {
            _samples.Add((Stopwatch.GetTimestamp(), ThreadPool.PendingWorkItemCount, ThreadPool.ThreadCount));

            // A sampling interval, on our own thread: it delays nothing that is measured.
            Thread.Sleep(1);
        }
    }
}
