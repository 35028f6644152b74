using System.Collections.Concurrent;
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
/// <remarks>
/// <see cref="Take"/> and <see cref="Add"/> run on the supervisor's loop, one at a time; <see cref="Remove"/> runs
/// wherever a run ends. No lock: on a loaded machine a run ending on a preempted pool thread while holding one
/// stalled the signal loop behind it.
/// </remarks>
internal sealed class DescendantSnapshots
{
    // Wide enough for a signal loop preempted by the children it just woke (B5 on a loaded 2-core machine).
    private static readonly long Burst = Stopwatch.Frequency / 20;

    private readonly ConcurrentDictionary<ChildProcessRun, bool> _running = new();
    private readonly ConcurrentDictionary<ChildProcessRun, List<ProcessTree.ProcessId>> _walked = new();
    private long _lastRequest;

    public void Add(ChildProcessRun run) => _running[run] = true;

    public void Remove(ChildProcessRun run)
    {
        _running.TryRemove(run, out _);
        _walked.TryRemove(run, out _);
    }

    /// <summary>The descendants of <paramref name="run"/>, which is about to be signalled.</summary>
    public List<ProcessTree.ProcessId> Take(ChildProcessRun run)
    {
        ChildProcessRun[] others = [];

        // Counted from the end of the previous request, so that a long walk does not itself end the burst.
        if (_lastRequest == 0 || Stopwatch.GetTimestamp() - _lastRequest > Burst)
        {
            _walked.Clear();
        }
        else if (_walked.TryRemove(run, out List<ProcessTree.ProcessId>? walked))
        {
            _lastRequest = Stopwatch.GetTimestamp();
            return walked;
        }
        else
        {
            others = [.. _running.Keys.Where(r => r != run && !r.StopRequested)];
        }

        List<ProcessTree.ProcessId> own = ProcessTree.Descendants(run.ProcessId);
        foreach (ChildProcessRun other in others)
        {
            _walked[other] = ProcessTree.Descendants(other.ProcessId);

            // Ended meanwhile: its entry must not outlive it.
            if (!_running.ContainsKey(other))
            {
                _walked.TryRemove(other, out _);
            }
        }

        _lastRequest = Stopwatch.GetTimestamp();
        return own;
    }
}
