using System.Runtime.InteropServices;

namespace Supervision.Testing;

/// <summary>
/// Real signals (.NET has no managed way to send SIGTERM to another process), and a precise wait for the exit of a
/// process that is not our child (pidfd + poll).
/// </summary>
public static unsafe partial class Posix
{
    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    private const long PidfdOpen = 434;
    private const short POLLIN = 1;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    /// <summary>Waits until <paramref name="pid"/> has exited (a zombie has); false when the timeout ran out first.</summary>
    public static Task<bool> WaitForExitAsync(int pid, TimeSpan timeout) => Task.Factory.StartNew(
        () =>
        {
            int fd = (int)Syscall(PidfdOpen, pid, 0);
            if (fd < 0)
            {
                return true; // already gone (and reaped)
            }

            try
            {
                var poll = new PollFd { Fd = fd, Events = POLLIN };
                int ready;
                do
                {
                    ready = Poll(&poll, 1, (int)timeout.TotalMilliseconds);
                }
                while (ready < 0 && Marshal.GetLastPInvokeError() == 4);
                return ready > 0;
            }
            finally
            {
                _ = Close(fd);
            }
        },
        CancellationToken.None,
        TaskCreationOptions.LongRunning,
        TaskScheduler.Default);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, long arg1, long arg2);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(PollFd* fds, int count, int timeout);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
