using System.Runtime.Versioning;
using Supervision.Processes.Spawn;

namespace Supervision.Processes;

/// <summary>
/// What one child run leaves behind among the host's children once its processes are orphaned: processes of its
/// session (its group, and what moved to another group of it), processes carrying its <see cref="RunTag"/> (those that
/// left the session too), and processes seen in its tree before. With the host a child subreaper every orphan of the run
/// comes back to the host, so a sweep of the host's children finds them all; it kills them when asked and reaps the
/// ones that have exited, zombies of processes never seen alive included when their session says whose they are.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class RunLeftovers(int leader, RunTag tag)
{
    private readonly Lock _gate = new();
    // Made on first use: most runs leave nothing behind, and a restart should not pay for the set.
    private HashSet<ProcessTree.ProcessId>? _known;

    /// <summary>Remembers processes seen in the run's tree, so that their zombies are known as the run's.</summary>
    public void Remember(List<ProcessTree.ProcessId> processes)
    {
        lock (_gate)
        {
            if (processes.Count != 0)
            {
                (_known ??= []).UnionWith(processes);
            }
        }
    }

    /// <summary>
    /// Reaps the run's zombies among the host's children and, with <paramref name="kill"/>, SIGKILLs the live ones and
    /// what they started; returns how many live ones were found, and how many could not be told apart yet.
    /// </summary>
    public (int Alive, int Uncertain) Sweep(bool kill)
    {
        int alive = 0;
        int uncertain = 0;
        lock (_gate)
        {
            foreach (int pid in HostChildren.List())
            {
                // A leader of a run (this one's too) or the watchdog: its reaper waits for it.
                if (SpawnedProcess.IsWatched(pid) || !ProcessTree.TryReadStat(pid, out ProcessTree.ProcessStat stat))
                {
                    continue;
                }

                var id = new ProcessTree.ProcessId(pid, stat.StartTime);
                bool ours = stat.Session == leader || (_known?.Contains(id) ?? false);
                if (stat.IsZombie)
                {
                    if (ours)
                    {
                        _known?.Remove(id);
                        HostChildren.Reap(pid);
                    }
                    else if (OperatingSystem.IsLinux())
                    {
                        UnclaimedZombies.Seen(id);
                    }

                    continue;
                }

                if (!ours)
                {
                    bool? marked = tag.IsCarriedBy(pid);
                    if (marked is null)
                    {
                        // Caught in an exec: whose it is shows in a moment.
                        uncertain++;
                    }

                    if (marked is not true)
                    {
                        continue;
                    }
                }

                (_known ??= []).Add(id);
                alive++;
                if (kill)
                {
                    // Its descendants are listed before it dies: then they are orphans, out of this walk until the next sweep.
                    List<ProcessTree.ProcessId> descendants = ProcessTree.Descendants(pid);
                    _known.UnionWith(descendants);
                    _ = Signals.Send(pid, Signals.SIGKILL);
                    ProcessTree.KillSurvivors(descendants);
                }
            }
        }

        return (alive, uncertain);
    }
}
