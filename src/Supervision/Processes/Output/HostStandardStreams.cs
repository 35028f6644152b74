using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Supervision.Processes.Output;

/// <summary>
/// Whether the host's stdout and stderr are usable. A host started with one of them closed (<c>supervise start &gt;&amp;-</c>)
/// finds that descriptor number reused by the runtime for a pipe of its own: writing there would block or corrupt it,
/// and a child that inherits it would do the same. An inherited stdout never has close-on-exec (it survived the exec)
/// and is open for writing; a descriptor that fails either test was opened by the host itself, after its real stream
/// was closed. Output that would go there is dropped instead (Prefix to nowhere, an Inherit child's to /dev/null), with
/// one warning.
/// </summary>
[SupportedOSPlatform("linux")]
internal static partial class HostStandardStreams
{
    private const int F_GETFD = 1;
    private const int F_GETFL = 3;
    private const int FD_CLOEXEC = 1;
    private const int O_ACCMODE = 3;
    private const int O_RDONLY = 0;

    private static readonly Lazy<bool> Output = new(static () => IsInheritedForWriting(1));
    private static readonly Lazy<bool> Error = new(static () => IsInheritedForWriting(2));

    /// <summary>Whether file descriptor 1 is the stdout the host was started with.</summary>
    public static bool OutputUsable => !OperatingSystem.IsLinux() || Output.Value;

    /// <summary>Whether file descriptor 2 is the stderr the host was started with.</summary>
    public static bool ErrorUsable => !OperatingSystem.IsLinux() || Error.Value;

    private static bool IsInheritedForWriting(int fd)
    {
        int descriptorFlags = Fcntl(fd, F_GETFD);
        int statusFlags = Fcntl(fd, F_GETFL);
        return descriptorFlags >= 0 && (descriptorFlags & FD_CLOEXEC) == 0 && statusFlags >= 0 && (statusFlags & O_ACCMODE) != O_RDONLY;
    }

    // Variadic in C; with no third argument the fixed signature is the same call.
    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command);
}
