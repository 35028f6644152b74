using System.Diagnostics;

namespace Supervision;

/// <summary>
/// The descendant walks of the runs of one child type. A stop must list a run's descendants before it signals it
/// (once a process dies its children are re-parented and out of sight), and the runs of a type are signalled one
/// after the other. Walking each just before its own signal let the children signalled first, busy exiting, starve
/// the walks of the rest: in B5 (100 .NET children on 2 cores) the last signal went out ~180 ms after the first, and
/// the stop timeout started only then. So when a second stop request follows the previous one within
/// <see cref="Burst"/>, every live run of the type not yet asked to stop is walked at once, before any more signals,
/// and the rest of the burst signals from those snapshots. A pause longer than <see cref="Burst"/> ends the burst and
/// drops its snapshots, so a snapshot is never older than the burst of requests itself. A descendant that leaves its
/// group during the burst and whose parent then dies at once is missed, as one leaving after the walk always was.
/// </summary>
internal sealed class DescendantSnapshots
{
    private static readonly long Burst = Stopwatch.Frequency / 100;

    private readonly Lock _gate = new();
    private readonly HashSet<ChildProcessRun> _running = [];
    private readonly Dictionary<ChildProcessRun, List<ProcessTree.ProcessId>> _walked = [];
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
        ChildProcessRun[] others = [];
        lock (_gate)
        {
            // Counted from the end of the previous request, so that a long walk does not itself end the burst.
            if (_lastRequest == 0 || Stopwatch.GetTimestamp() - _lastRequest > Burst)
            {
                _walked.Clear();
            }
            else if (_walked.Remove(run, out List<ProcessTree.ProcessId>? walked))
            {
                _lastRequest = Stopwatch.GetTimestamp();
                return walked;
            }
            else
            {
                others = [.. _running.Where(r => r != run && !r.StopRequested)];
            }
        }

        List<ProcessTree.ProcessId> own = ProcessTree.Descendants(run.ProcessId);
        var snapshots = others.Select(static r => (Run: r, Descendants: ProcessTree.Descendants(r.ProcessId))).ToList();
        lock (_gate)
        {
            foreach ((ChildProcessRun other, List<ProcessTree.ProcessId> descendants) in snapshots)
            {
                if (_running.Contains(other))
                {
                    _walked[other] = descendants;
                }
            }

            _lastRequest = Stopwatch.GetTimestamp();
        }

        return own;
    }
}
