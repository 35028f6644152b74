using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Supervision.Extensions.Control;

/// <summary>
/// The type, owner and mode of a path, not following a last symbolic link (<c>statx</c>, whose layout is the same on
/// every architecture): what .NET's file APIs do not tell, a socket from a file and who owns a directory.
/// </summary>
[SupportedOSPlatform("linux")]
internal static partial class UnixFileStatus
{
    public const uint TypeMask = 0xF000;
    public const uint Socket = 0xC000;
    public const uint Directory = 0x4000;

    private const int AT_FDCWD = -100;
    private const int AT_SYMLINK_NOFOLLOW = 0x100;
    private const uint STATX_TYPE = 0x1;
    private const uint STATX_MODE = 0x2;
    private const uint STATX_UID = 0x8;

    /// <summary>Reads the status of <paramref name="path"/>; false when nothing is there (or it cannot be looked at).</summary>
    public static bool TryGet(string path, out uint type, out uint owner, out UnixFileMode mode)
    {
        // struct statx: stx_mask u32 @0, stx_blksize u32 @4, stx_attributes u64 @8, stx_nlink u32 @16, stx_uid u32 @20,
        // stx_gid u32 @24, stx_mode u16 @28; 256 bytes in all.
        Span<byte> buffer = stackalloc byte[256];
        if (Statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_TYPE | STATX_MODE | STATX_UID, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            (type, owner, mode) = (0, 0, 0);
            return false;
        }

        uint fileMode = MemoryMarshal.Read<ushort>(buffer[28..]);
        type = fileMode & TypeMask;
        owner = MemoryMarshal.Read<uint>(buffer[20..]);
        mode = (UnixFileMode)(fileMode & 0xFFF);
        return true;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int directoryFd, string path, int flags, uint mask, ref byte buffer);
}
