using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Supervision.Processes.Spawn;

/// <summary>
/// One thread reaps every child: each child's pidfd (<c>pidfd_open(2)</c>) is in one epoll set, a pidfd becomes
/// readable when its process has exited, and the thread then collects that one child with
/// <c>waitpid(pid, WNOHANG)</c>. A start no longer creates a thread, and a hundred running children hold one thread
/// instead of a hundred. A child whose pidfd cannot be opened (out of descriptors) gets the fallback's
/// thread of its own.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed unsafe class PidfdReaper : ChildReaper
{
    private const int BatchSize = 64;

    private readonly int _epoll;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, SpawnedProcess> _byPidfd = [];
    private volatile bool _failed;

    private PidfdReaper(int epoll)
    {
        _epoll = epoll;
        var thread = new Thread(static state => ((PidfdReaper)state!).Run(), maxStackSize: 64 * 1024)
        {
            IsBackground = true,
            Name = "Supervision reaper",
        };
        thread.UnsafeStart(this);
    }

    /// <summary>A reaper with its thread running, or <see langword="null"/> when this system has no usable pidfds.</summary>
    public static PidfdReaper? TryCreate()
    {
        // Our own pid: ENOSYS (kernel before 5.3) or EPERM (a seccomp filter that does not know the call) say no.
        int probe = PosixSpawnNative.PidfdOpen(Environment.ProcessId, 0);
        if (probe < 0)
        {
            return null;
        }

        _ = PosixSpawnNative.Close(probe);
        int epoll = PosixSpawnNative.EpollCreate(PosixSpawnNative.O_CLOEXEC);
        return epoll < 0 ? null : new PidfdReaper(epoll);
    }

    public override void Watch(SpawnedProcess process)
    {
        int pidfd = _failed ? -1 : PosixSpawnNative.PidfdOpen(process.Pid, 0);
        if (pidfd < 0)
        {
            ThreadPerChildReaper.Instance.Watch(process);
            return;
        }

        // Listed before it is armed: the child may have exited already, and the event comes at once.
        bool listed;
        lock (_gate)
        {
            listed = !_failed && _byPidfd.TryAdd(pidfd, process);
        }

        byte* epollEvent = stackalloc byte[16];
        *(uint*)epollEvent = PosixSpawnNative.EPOLLIN;
        *(long*)(epollEvent + PosixSpawnNative.EpollDataOffset) = pidfd;
        if (!listed || PosixSpawnNative.EpollControl(_epoll, PosixSpawnNative.EPOLL_CTL_ADD, pidfd, epollEvent) != 0)
        {
            // Whoever takes it out of the list hands it to the fallback: here, or a hand-over that came first.
            bool ours;
            lock (_gate)
            {
                ours = !listed || _byPidfd.Remove(pidfd);
            }

            if (ours)
            {
                _ = PosixSpawnNative.Close(pidfd);
                ThreadPerChildReaper.Instance.Watch(process);
            }
        }
    }

    private void Run()
    {
        int size = PosixSpawnNative.EpollEventSize;
        int offset = PosixSpawnNative.EpollDataOffset;
        byte* events = stackalloc byte[BatchSize * 16];
        while (true)
        {
            int count = PosixSpawnNative.EpollWait(_epoll, events, BatchSize, -1);
            if (count < 0 && Marshal.GetLastPInvokeError() != PosixSpawnNative.EINTR)
            {
                // Cannot happen with a valid epoll descriptor; should it anyway, no child is left unreaped.
                HandOver();
                return;
            }

            for (int i = 0; i < count; i++)
            {
                Reap((int)*(long*)(events + (i * size) + offset));
            }
        }
    }

    /// <summary>Gives every child still watched to the fallback, which waits for each on a thread of its own.</summary>
    private void HandOver()
    {
        lock (_gate)
        {
            _failed = true;
            foreach ((int pidfd, SpawnedProcess process) in _byPidfd)
            {
                _ = PosixSpawnNative.Close(pidfd);
                ThreadPerChildReaper.Instance.Watch(process);
            }

            _byPidfd.Clear();
        }
    }

    private void Reap(int pidfd)
    {
        SpawnedProcess? process;
        lock (_gate)
        {
            if (!_byPidfd.TryGetValue(pidfd, out process))
            {
                return;
            }
        }

        int status;
        int result;
        do
        {
            result = PosixSpawnNative.WaitPid(process.Pid, out status, PosixSpawnNative.WNOHANG);
        }
        while (result < 0 && Marshal.GetLastPInvokeError() == PosixSpawnNative.EINTR);

        if (result == 0)
        {
            // Readable but not yet waitable: the exit is still being torn down; the level-triggered event comes again.
            return;
        }

        lock (_gate)
        {
            _byPidfd.Remove(pidfd);
        }

        // Out of the set before it is closed: a spawn under way elsewhere may hold a copy of the descriptor for a
        // moment, and the set would keep reporting it (level-triggered) until that copy is gone.
        byte* unused = stackalloc byte[16];
        _ = PosixSpawnNative.EpollControl(_epoll, PosixSpawnNative.EPOLL_CTL_DEL, pidfd, unused);
        _ = PosixSpawnNative.Close(pidfd);

        // ECHILD: something else reaped it (SIGCHLD ignored by whoever started the host): the status is lost.
        process.OnReaped(result == process.Pid ? status : SpawnedProcess.LostStatus);
    }
}
