using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Supervision.Processes.Spawn;

/// <summary>
/// Reaps the zombies that come to the host as a child subreaper and that no run claims: orphans that died before anyone
/// saw them alive, and orphans of processes the application started itself (which init would have reaped before the
/// host became a subreaper). The runtime reaps the children <see cref="Process"/> started on the SIGCHLD of their exit,
/// so a zombie child still there a second after it was first seen is nobody's: it is reaped then. Looked for on every
/// SIGCHLD (coalesced) and on every sweep of a run, and once more a second later while any is pending.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class UnclaimedZombies
{
    private static readonly TimeSpan Stale = TimeSpan.FromSeconds(1);
    private static readonly Lock Gate = new();
    private static readonly Dictionary<ProcessTree.ProcessId, long> FirstSeen = [];
    private static readonly Lazy<PosixSignalRegistration> Registration = new(static () => PosixSignalRegistration.Create(PosixSignal.SIGCHLD, static _ => Schedule()));
    private static ITimer? _recheck;
    private static int _scheduled;

    /// <summary>Starts listening to SIGCHLD; called once the host is a subreaper.</summary>
    public static void Watch() => _ = Registration.Value;

    /// <summary>Notes a zombie child no run claimed; reaps it when it has been one for a second.</summary>
    public static void Seen(ProcessTree.ProcessId zombie)
    {
        long now = Stopwatch.GetTimestamp();
        lock (Gate)
        {
            if (!FirstSeen.TryGetValue(zombie, out long first))
            {
                FirstSeen[zombie] = now;
                _recheck ??= TimeProvider.System.CreateTimer(static _ => Schedule(), null, Stale + TimeSpan.FromMilliseconds(50), Timeout.InfiniteTimeSpan);
                return;
            }

            if (Stopwatch.GetElapsedTime(first, now) < Stale)
            {
                return;
            }

            FirstSeen.Remove(zombie);
            if (IsZombie(zombie))
            {
                HostChildren.Reap(zombie.Pid);
            }
        }
    }

    // A SIGCHLD comes for each exit of a child; one sweep at a time covers a burst of them.
    private static void Schedule()
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static _ => Sweep(), null);
        }
    }

    private static void Sweep()
    {
        Volatile.Write(ref _scheduled, 0);
        lock (Gate)
        {
            _recheck?.Dispose();
            _recheck = null;

            // Forget the ones their parent reaped meanwhile (the runtime's own children).
            if (FirstSeen.Count != 0)
            {
                foreach (ProcessTree.ProcessId gone in FirstSeen.Keys.Where(static z => !IsZombie(z)).ToList())
                {
                    FirstSeen.Remove(gone);
                }
            }
        }

        foreach (int pid in HostChildren.List())
        {
            if (!SpawnedProcess.IsWatched(pid) && ProcessTree.TryReadStat(pid, out ProcessTree.ProcessStat stat) && stat.IsZombie)
            {
                Seen(new ProcessTree.ProcessId(pid, stat.StartTime));
            }
        }

        lock (Gate)
        {
            if (FirstSeen.Count != 0)
            {
                _recheck ??= TimeProvider.System.CreateTimer(static _ => Schedule(), null, Stale + TimeSpan.FromMilliseconds(50), Timeout.InfiniteTimeSpan);
            }
        }
    }

    private static bool IsZombie(ProcessTree.ProcessId process) =>
        ProcessTree.TryReadStat(process.Pid, out ProcessTree.ProcessStat stat) && stat.StartTime == process.StartTime && stat.IsZombie;
}
