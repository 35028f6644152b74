using System.Diagnostics;

namespace Supervision;

/// <summary>
/// The descendant walks of the runs of one child type. A stop must list a run's descendants before it signals it
/// (once a process dies its children are re-parented and out of sight), and the runs of a type are signalled one
/// after the other. Walking each just before its own signal let the children signalled first, busy exiting, starve
/// the walks of the rest: in B5 (100 .NET children on 2 cores) the last signal went out ~180 ms after the first, and
/// the stop timeout started only then. So when a second stop request follows the first within <see cref="Burst"/>,
/// every live run of the type not yet asked to stop is walked at once, before any more signals; the rest of the burst
/// signals from those snapshots, each used within <see cref="Freshness"/> of the walk. A descendant that leaves its
/// group inside that window and whose parent then dies at once is missed, as one leaving after the walk always was.
/// </summary>
internal sealed class DescendantSnapshots
{
    private static readonly long Burst = Stopwatch.Frequency / 100;
    private static readonly long Freshness = Stopwatch.Frequency / 50;

    private readonly Lock _gate = new();
    private readonly HashSet<ChildProcessRun> _running = [];
    private readonly Dictionary<ChildProcessRun, List<ProcessTree.ProcessId>> _walked = [];
    private long _walkedAt;
    private long _lastRequest;

    public void Add(ChildProcessRun run)
    {
        lock (_gate)
        {
            _running.Add(run);
        }
    }

    public void Remove(ChildProcessRun run)
    {
        lock (_gate)
        {
            _running.Remove(run);
            _walked.Remove(run);
        }
    }

    /// <summary>The descendants of <paramref name="run"/>, which is about to be signalled.</summary>
    public List<ProcessTree.ProcessId> Take(ChildProcessRun run)
    {
        long now = Stopwatch.GetTimestamp();
        ChildProcessRun[] others;
        lock (_gate)
        {
            bool burst = _lastRequest != 0 && now - _lastRequest <= Burst;
            _lastRequest = now;
            if (_walked.Remove(run, out List<ProcessTree.ProcessId>? walked) && now - _walkedAt <= Freshness)
            {
                return walked;
            }

            if (!burst)
            {
                others = [];
            }
            else
            {
                _walked.Clear();
                others = [.. _running.Where(r => r != run && !r.StopRequested)];
            }
        }

        List<ProcessTree.ProcessId> own = ProcessTree.Descendants(run.ProcessId);
        if (others.Length > 0)
        {
            var snapshots = others.Select(static r => (Run: r, Descendants: ProcessTree.Descendants(r.ProcessId))).ToList();
            lock (_gate)
            {
                // Counted from before the walks, so no snapshot is used older than Freshness.
                _walkedAt = now;
                foreach ((ChildProcessRun other, List<ProcessTree.ProcessId> descendants) in snapshots)
                {
                    if (_running.Contains(other))
                    {
                        _walked[other] = descendants;
                    }
                }
            }
        }

        return own;
    }
}
