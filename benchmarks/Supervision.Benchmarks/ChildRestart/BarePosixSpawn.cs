using System.Runtime.InteropServices;

namespace Supervision.Benchmarks;

/// <summary>
/// Evidence for B3, not a contender: the floor of starting a child on this machine. <c>posix_spawn</c> of
/// <c>/bin/true</c> with no attributes, no file actions and an empty environment, then a blocking <c>waitpid</c>
/// on the calling thread: no pipes, no reaper thread, no runtime bookkeeping.
/// </summary>
internal static unsafe partial class BarePosixSpawn
{
    private static readonly byte* Path = Utf8("/bin/true");
    private static readonly byte** Argv = PointerArray(Path);
    private static readonly byte** Envp = PointerArray(null);

    /// <summary>Spawns <c>/bin/true</c> and waits for it; returns its raw wait status.</summary>
    public static int RunToExit()
    {
        int error = Spawn(out int pid, Path, null, null, Argv, Envp);
        if (error != 0)
        {
            throw new System.ComponentModel.Win32Exception(error);
        }

        int status;
        while (WaitPid(pid, out status, 0) != pid)
        {
            // EINTR: the runtime's own signal handling can interrupt the wait; anything else is a bug here.
            if (Marshal.GetLastPInvokeError() != 4)
            {
                throw new System.ComponentModel.Win32Exception(Marshal.GetLastPInvokeError());
            }
        }

        return status;
    }

    // Allocated once for the life of the process: the benchmark must not measure marshalling.
    private static byte* Utf8(string text) => (byte*)Marshal.StringToCoTaskMemUTF8(text);

    private static byte** PointerArray(byte* first)
    {
        var array = (byte**)NativeMemory.AllocZeroed(2, (nuint)sizeof(byte*));
        array[0] = first;
        return array;
    }

    [LibraryImport("libc", EntryPoint = "posix_spawn")]
    private static partial int Spawn(out int pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int WaitPid(int pid, out int status, int options);
}
