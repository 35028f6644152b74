using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Supervision.Processes.Spawn;

/// <summary>
/// The fallback reaper, where pidfds are not available (seccomp filters answering EPERM, old kernels or glibc):
/// one thread per child, blocked in <c>waitpid(pid)</c> until it exits. Costs a thread creation per start and a
/// thread per running child.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class ThreadPerChildReaper : ChildReaper
{
    public static readonly ThreadPerChildReaper Instance = new();

    public override void Watch(SpawnedProcess process)
    {
        var reaper = new Thread(static state => Reap((SpawnedProcess)state!), maxStackSize: 64 * 1024)
        {
            IsBackground = true,
            Name = "Reaper pid " + process.Pid,
        };
        reaper.UnsafeStart(process);
    }

    private static void Reap(SpawnedProcess process)
    {
        while (true)
        {
            int result = PosixSpawnNative.WaitPid(process.Pid, out int status, 0);
            if (result == process.Pid)
            {
                process.OnReaped(status);
                return;
            }

            if (result < 0 && Marshal.GetLastPInvokeError() != PosixSpawnNative.EINTR)
            {
                // ECHILD: something else reaped it (SIGCHLD ignored by whoever started the host): the status is lost.
                process.OnReaped(SpawnedProcess.LostStatus);
                return;
            }
        }
    }
}
