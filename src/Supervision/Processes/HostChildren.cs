using System.Buffers.Text;
using System.Runtime.Versioning;
using Supervision.Processes.Spawn;

namespace Supervision.Processes;

/// <summary>
/// The host's own children as the kernel lists them. With the host a child subreaper (<see cref="Subreaper"/>), the
/// orphans of every run come here, to the main thread's list. Only processes known to be ours are reaped here, one pid
/// at a time, never with <c>waitpid(-1)</c>: the runtime reaps the children <see cref="System.Diagnostics.Process"/> started itself, and
/// taking one of theirs would lose its exit status.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class HostChildren
{
    private static readonly string ChildrenFile = $"/proc/{Environment.ProcessId}/task/{Environment.ProcessId}/children";

    /// <summary>The pids of the host's main thread's children (where orphans are re-parented); none allocates nothing.</summary>
    public static int[] List()
    {
        Span<byte> buffer = stackalloc byte[4096];
        int length = ProcFsFile.Read(ChildrenFile, buffer);
        ReadOnlySpan<byte> text = length <= 0 ? [] : length < buffer.Length ? buffer[..length] : ReadWhole();
        text = text.Trim((byte)' ');
        if (text.IsEmpty)
        {
            return [];
        }

        int[] children = new int[text.Count((byte)' ') + 1];
        int count = 0;
        foreach (Range field in text.Split((byte)' '))
        {
            if (Utf8Parser.TryParse(text[field], out int pid, out int used) && used == text[field].Length)
            {
                children[count++] = pid;
            }
        }

        return count == children.Length ? children : children[..count];
    }

    /// <summary>Collects the zombie child <paramref name="pid"/>, known to be ours.</summary>
    public static void Reap(int pid)
    {
        int result;
        do
        {
            result = PosixSpawnNative.WaitPid(pid, out _, PosixSpawnNative.WNOHANG);
        }
        while (result < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == PosixSpawnNative.EINTR);
    }

    private static byte[] ReadWhole()
    {
        try
        {
            return File.ReadAllBytes(ChildrenFile);
        }
        catch (IOException)
        {
            return [];
        }
    }
}
