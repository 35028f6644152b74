using System.Collections.Concurrent;
using System.ComponentModel;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using System.Runtime.Versioning;

namespace Supervision.Processes.Spawn;

/// <summary>
/// A child started with <c>posix_spawn</c>: in a session and process group of its own (<c>POSIX_SPAWN_SETSID</c>),
/// signal mask and dispositions reset (the runtime ignores SIGPIPE; a child must not inherit that), stdin on
/// /dev/null, stdout and stderr on pipes of ours unless inherited. The child is ours to reap: a
/// <see cref="ChildReaper"/> waits for it, so the exact exit status (code or signal) is known and no zombie remains.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed unsafe class SpawnedProcess
{
    /// <summary>The status reported when the child was reaped by someone else: exit code 255, as a shell reports a lost child.</summary>
    public const int LostStatus = 0xff << 8;

    // Spawned and not yet reaped: their reaper's to wait for, never a sweep's (RunLeftovers).
    private static readonly ConcurrentDictionary<int, SpawnedProcess> Unreaped = new();

    private readonly TaskCompletionSource<int> _status = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SpawnedProcess(int pid, Stream? standardOutput, Stream? standardError)
    {
        Pid = pid;
        StandardOutput = standardOutput;
        StandardError = standardError;
    }

    public int Pid { get; }

    public Stream? StandardOutput { get; }

    public Stream? StandardError { get; }

    /// <summary>Completes with the raw wait status once the child has exited and been reaped.</summary>
    public Task<int> WaitStatus => _status.Task;

    /// <summary>Whether <paramref name="pid"/> is a child spawned here and waited for by a <see cref="ChildReaper"/>.</summary>
    public static bool IsWatched(int pid) => Unreaped.ContainsKey(pid);

    /// <summary>The exit code, when the child exited.</summary>
    public static int? ExitCode(int status) => (status & 0x7f) == 0 ? (status >> 8) & 0xff : null;

    /// <summary>The signal that killed the child, when it was killed.</summary>
    public static int? TerminatingSignal(int status) => (status & 0x7f) is int signal && signal != 0 && signal != 0x7f ? signal : null;

    /// <summary>
    /// Spawns the child; its stdin is /dev/null, or <paramref name="standardInput"/> when that is a descriptor (≥ 0),
    /// and <paramref name="descriptor3"/>, when given, is its fd 3. It is reaped by <paramref name="reaper"/>, <see cref="ChildReaper.Shared"/> unless given. Without
    /// <paramref name="redirectOutput"/> it shares the host's stdout and stderr, or gets /dev/null for one the host
    /// cannot give (<paramref name="nullOutput"/>, <paramref name="nullError"/>).
    /// </summary>
    /// <exception cref="Win32Exception">posix_spawn failed (for example the file is not executable).</exception>
    public static SpawnedProcess Start(string executable, IReadOnlyList<string> arguments, IEnumerable<KeyValuePair<string, string>> environment, string workingDirectory, bool redirectOutput, int standardInput = -1, ChildReaper? reaper = null, bool nullOutput = false, bool nullError = false, int descriptor3 = -1)
    {
        int* stdout = stackalloc int[2] { -1, -1 };
        int* stderr = stackalloc int[2] { -1, -1 };
        void* fileActions = NativeMemory.AllocZeroed(PosixSpawnNative.OpaqueSize);
        void* attributes = NativeMemory.AllocZeroed(PosixSpawnNative.OpaqueSize);
        void* signals = NativeMemory.AllocZeroed(PosixSpawnNative.OpaqueSize);
        var strings = new List<IntPtr>();
        try
        {
            if (redirectOutput && (PosixSpawnNative.Pipe2(stdout, PosixSpawnNative.O_CLOEXEC) != 0 || PosixSpawnNative.Pipe2(stderr, PosixSpawnNative.O_CLOEXEC) != 0))
            {
                throw new Win32Exception(Marshal.GetLastPInvokeError());
            }

            Ok(PosixSpawnNative.FileActionsInit(fileActions));
            Ok(standardInput >= 0
                ? PosixSpawnNative.FileActionsAddDup2(fileActions, standardInput, 0)
                : PosixSpawnNative.FileActionsAddOpen(fileActions, 0, Utf8("/dev/null", strings), PosixSpawnNative.O_RDONLY, 0));
            if (redirectOutput)
            {
                Ok(PosixSpawnNative.FileActionsAddDup2(fileActions, stdout[1], 1));
                Ok(PosixSpawnNative.FileActionsAddDup2(fileActions, stderr[1], 2));
            }
            else
            {
                if (nullOutput)
                {
                    Ok(PosixSpawnNative.FileActionsAddOpen(fileActions, 1, Utf8("/dev/null", strings), PosixSpawnNative.O_WRONLY, 0));
                }

                if (nullError)
                {
                    Ok(PosixSpawnNative.FileActionsAddOpen(fileActions, 2, Utf8("/dev/null", strings), PosixSpawnNative.O_WRONLY, 0));
                }
            }

            if (descriptor3 >= 0)
            {
                Ok(PosixSpawnNative.FileActionsAddDup2(fileActions, descriptor3, 3));
            }

            Ok(PosixSpawnNative.FileActionsAddChdir(fileActions, Utf8(workingDirectory, strings)));

            Ok(PosixSpawnNative.AttributesInit(attributes));
            Ok(PosixSpawnNative.AttributesSetFlags(attributes, PosixSpawnNative.POSIX_SPAWN_SETSID | PosixSpawnNative.POSIX_SPAWN_SETSIGMASK | PosixSpawnNative.POSIX_SPAWN_SETSIGDEF));
            Ok(PosixSpawnNative.SignalSetEmpty(signals));
            Ok(PosixSpawnNative.AttributesSetSignalMask(attributes, signals));
            Ok(PosixSpawnNative.SignalSetFill(signals));
            Ok(PosixSpawnNative.AttributesSetSignalDefault(attributes, signals));

            byte** argv = PointerArray([executable, .. arguments], strings);
            byte** envp = PointerArray([.. environment.Select(static e => $"{e.Key}={e.Value}")], strings);
            int error = PosixSpawnNative.Spawn(out int pid, argv[0], fileActions, attributes, argv, envp);
            if (error != 0)
            {
                throw new Win32Exception(error);
            }

            Stream? output = redirectOutput ? ReadEnd(ref stdout[0]) : null;
            Stream? errors = redirectOutput ? ReadEnd(ref stderr[0]) : null;
            var process = new SpawnedProcess(pid, output, errors);
            Unreaped[pid] = process;
            (reaper ?? ChildReaper.Shared).Watch(process);
            return process;
        }
        finally
        {
            // Our copies of the write ends (and any read end not handed out) close now: the child holds its own.
            foreach (int fd in (ReadOnlySpan<int>)[stdout[0], stdout[1], stderr[0], stderr[1]])
            {
                if (fd >= 0)
                {
                    _ = PosixSpawnNative.Close(fd);
                }
            }

            _ = PosixSpawnNative.FileActionsDestroy(fileActions);
            _ = PosixSpawnNative.AttributesDestroy(attributes);
            NativeMemory.Free(fileActions);
            NativeMemory.Free(attributes);
            NativeMemory.Free(signals);
            foreach (IntPtr s in strings)
            {
                Marshal.FreeCoTaskMem(s);
            }
        }
    }

    // A pipe stream reads through the runtime's event loop (epoll), not a blocked thread per pipe.
    private static AnonymousPipeClientStream ReadEnd(ref int fd)
    {
        var stream = new AnonymousPipeClientStream(PipeDirection.In, new SafePipeHandle(fd, ownsHandle: true));
        fd = -1;
        return stream;
    }

    /// <summary>Called by the reaper, once, with the raw wait status.</summary>
    public void OnReaped(int status)
    {
        _ = Unreaped.TryRemove(new KeyValuePair<int, SpawnedProcess>(Pid, this));
        _status.TrySetResult(status);
    }

    // These calls fail only on invalid arguments or when memory runs out; either way the spawn cannot go on.
    private static void Ok(int result)
    {
        if (result != 0)
        {
            throw new Win32Exception(result);
        }
    }

    private static byte* Utf8(string text, List<IntPtr> strings)
    {
        IntPtr s = Marshal.StringToCoTaskMemUTF8(text);
        strings.Add(s);
        return (byte*)s;
    }

    private static byte** PointerArray(string[] items, List<IntPtr> strings)
    {
        IntPtr block = Marshal.AllocCoTaskMem((items.Length + 1) * sizeof(byte*));
        strings.Add(block);
        byte** pointers = (byte**)block;
        for (int i = 0; i < items.Length; i++)
        {
            pointers[i] = Utf8(items[i], strings);
        }

        pointers[items.Length] = null;
        return pointers;
    }
}
