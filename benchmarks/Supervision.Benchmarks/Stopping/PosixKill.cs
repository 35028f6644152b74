using System.Runtime.InteropServices;

namespace Supervision.Benchmarks;

/// <summary>kill(2) for the raw B5 baseline: .NET sends no SIGTERM to another process (Process.Kill is SIGKILL).</summary>
internal static partial class PosixKill
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    [LibraryImport("libc", EntryPoint = "kill")]
    public static partial int Send(int pid, int signal);
}
