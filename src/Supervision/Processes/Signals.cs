using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Supervision.Processes;

/// <summary>POSIX signals: .NET has no managed way to send one to another process or process group.</summary>
[SupportedOSPlatform("linux")]
internal static partial class Signals
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    /// <summary>Sends <paramref name="signal"/> to every process of group <paramref name="processGroup"/>.</summary>
    /// <returns><see langword="false"/> when no process of the group is left.</returns>
    public static bool SendToGroup(int processGroup, int signal) => Kill(-processGroup, signal) == 0;

    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;

    /// <summary>Whether any process of the group is left (signal 0 checks without sending anything).</summary>
    public static bool GroupExists(int processGroup) => Kill(-processGroup, 0) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
