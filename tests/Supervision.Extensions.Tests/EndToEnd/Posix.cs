using System.Runtime.InteropServices;

namespace Supervision.Extensions.Tests.EndToEnd;

/// <summary>Real signals: .NET has no managed way to send SIGTERM to another process.</summary>
internal static partial class Posix
{
    public const int SIGTERM = 15;
    public const int SIGINT = 2;
    public const int SIGHUP = 1;
    public const int SIGKILL = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
