using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Supervision.Extensions.Control;

/// <summary>Who is on the other end of a Unix socket, as the kernel saw them connect (<c>SO_PEERCRED</c>).</summary>
[SupportedOSPlatform("linux")]
internal static partial class PeerCredentials
{
    private const int SOL_SOCKET = 1;
    private const int SO_PEERCRED = 17;

    /// <summary>The effective user id of this process.</summary>
    public static uint EffectiveUserId => GetEffectiveUserId();

    /// <summary>The user id of the process that connected <paramref name="socket"/>; <see langword="null"/> when the kernel does not say.</summary>
    public static uint? UserIdOf(Socket socket)
    {
        // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
        Span<byte> credentials = stackalloc byte[12];
        try
        {
            return socket.GetRawSocketOption(SOL_SOCKET, SO_PEERCRED, credentials) == credentials.Length
                ? MemoryMarshal.Read<uint>(credentials[4..])
                : null;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
