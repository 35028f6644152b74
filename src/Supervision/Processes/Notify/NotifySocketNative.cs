using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Supervision.Processes.Notify;

/// <summary>
/// The libc calls behind <see cref="NotifySocket"/>: a datagram socket that receives its senders' credentials
/// (<c>SO_PASSCRED</c>), read with <c>recvmsg</c>, which .NET's <see cref="System.Net.Sockets.Socket"/> does not
/// expose for <c>SCM_CREDENTIALS</c>. Layouts are those of 64-bit Linux.
/// </summary>
[SupportedOSPlatform("linux")]
internal static unsafe partial class NotifySocketNative
{
    public const int AF_UNIX = 1;
    public const int SOCK_DGRAM = 2;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int SOL_SOCKET = 1;
    public const int SO_PASSCRED = 16;
    public const int SCM_RIGHTS = 1;
    public const int SCM_CREDENTIALS = 2;
    public const int MSG_TRUNC = 0x20;
    public const int MSG_CTRUNC = 0x08;
    public const int MSG_CMSG_CLOEXEC = 0x40000000;
    public const int EINTR = 4;

    /// <summary><c>struct msghdr</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary><c>struct iovec</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct IoVector
    {
        public void* Base;
        public nuint Length;
    }

    /// <summary><c>struct cmsghdr</c>; its data follows, aligned to the size of a pointer.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ControlHeader
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    /// <summary><c>struct ucred</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Credentials
    {
        public int Pid;
        public uint Uid;
        public uint Gid;
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSocketOption(int fd, int level, int name, int* value, uint length);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(int fd, byte* address, uint length);

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    public static partial nint ReceiveMessage(int fd, MessageHeader* message, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    public static partial int Close(int fd);
}
