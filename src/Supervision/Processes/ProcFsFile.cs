using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Supervision.Processes;

/// <summary>
/// Reads small /proc files with plain open/read/close into a caller's buffer. A stop reads one file per thread of
/// every child; <see cref="File.ReadAllText(string)"/> costs a stream, a reader, a string and an fstat and a flock
/// per file, which a stop of a hundred .NET children (some twenty threads each) pays two thousand times.
/// </summary>
[SupportedOSPlatform("linux")]
internal static unsafe partial class ProcFsFile
{
    private const int O_RDONLY_CLOEXEC = 0x80000;
    private const int EINTR = 4;

    /// <summary>
    /// Reads <paramref name="path"/> into <paramref name="buffer"/>; the number of bytes read, or -1 when the file
    /// cannot be opened (the process or thread is gone, or the file does not exist). A file longer than the buffer
    /// is cut at its length; the caller gives a larger one when that matters.
    /// </summary>
    public static int Read(string path, Span<byte> buffer)
    {
        int fd = Open(path, O_RDONLY_CLOEXEC);
        if (fd < 0)
        {
            return -1;
        }

        try
        {
            int total = 0;
            fixed (byte* start = buffer)
            {
                while (total < buffer.Length)
                {
                    nint count = ReadBytes(fd, start + total, (nuint)(buffer.Length - total));
                    if (count == 0)
                    {
                        break;
                    }

                    if (count < 0)
                    {
                        if (Marshal.GetLastPInvokeError() == EINTR)
                        {
                            continue;
                        }

                        // ESRCH: the task exited between open and read; what was read so far stands.
                        break;
                    }

                    total += (int)count;
                }
            }

            return total;
        }
        finally
        {
            _ = CloseFile(fd);
        }
    }

    /// <summary>The errno of the last failed <see cref="Read"/>, to tell a missing file from a vanished process.</summary>
    public static int LastError => Marshal.GetLastPInvokeError();

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadBytes(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseFile(int fd);
}
