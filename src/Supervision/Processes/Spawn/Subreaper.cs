using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Supervision.Processes.Spawn;

/// <summary>
/// Makes the host the child subreaper of everything it starts (<c>prctl(PR_SET_CHILD_SUBREAPER)</c>, no privilege
/// needed): a descendant whose parent dies (a double-forked daemon, a <c>setsid</c> child of a shell that exited) is
/// re-parented to the host instead of to init, so it stays in sight to be attributed, killed and reaped
/// (<see cref="RunLeftovers"/>). The kernel hands orphans to the subreaper's first live thread, its main thread.
/// </summary>
[SupportedOSPlatform("linux")]
internal static partial class Subreaper
{
    private const int PR_SET_CHILD_SUBREAPER = 36;

    private static readonly Lazy<bool> Set = new(static () => Prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0);

    /// <summary>Whether orphans of the host's descendants come back to the host; set on the first call.</summary>
    public static bool Enable() => Set.Value;

    // Variadic in C; glibc's wrapper reads the arguments from registers as unsigned longs, so a fixed signature is safe.
    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, nuint argument2, nuint argument3, nuint argument4, nuint argument5);
}
