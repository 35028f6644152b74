using System.ComponentModel;
using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;
using System.Runtime.Versioning;

namespace Supervision.Processes.Spawn;

/// <summary>
/// Kills the children's process groups when the host dies without stopping them (SIGKILL, OOM killer, crash).
/// <c>posix_spawn</c> cannot set <c>PR_SET_PDEATHSIG</c>, so one watchdog per host, a <c>/bin/sh</c> in a session of
/// its own, blocks reading a pipe whose write end only the host holds (close-on-exec, so no child inherits it) and to
/// which nothing is ever written. When the host dies the kernel closes that end; the watchdog reads end-of-file, reads
/// the group of every child from a file in memory the host keeps (its fd 3), SIGKILLs the groups still listed, then
/// every process that carries a <see cref="RunTag"/> of this host. Until then it never wakes: a start or an exit is one
/// write to that file, not a line the watchdog reads. Limits: a descendant that left its group and dropped its
/// environment (<c>env -i</c>) is not reached, and the watchdog itself can be killed.
/// </summary>
[SupportedOSPlatform("linux")]
internal static unsafe class HostWatchdog
{
    // The list on fd 3 is lines "+PGID" (a group added) and "-PGID" (dropped); at end-of-file of stdin every group still
    // listed is killed, then every process whose environment carries a mark of this host ($1 is its pid; see RunTag):
    // what left its group, even by a double fork, until a pass finds none (a process forking as it is killed leaves a
    // marked child for the next pass).
    private const string Script = """
        read -r _
        groups=' '
        while read -r line; do
          case $line in
            +*) groups="$groups${line#+} " ;;
            -*) case $groups in *" ${line#-} "*) groups="${groups%% ${line#-} *} ${groups#* ${line#-} }" ;; esac ;;
          esac
        done <&3
        for g in $groups; do kill -KILL "-$g" 2>/dev/null; done
        pass=0
        while [ $pass -lt 5 ]; do
          found=
          for f in $(grep -l -s -z -E "^SUPERVISION_RUN=$1[.][0-9]+\$" /proc/[0-9]*/environ); do
            p=${f#/proc/}
            kill -KILL "${p%/environ}" 2>/dev/null && found=1
          done
          [ -n "$found" ] || break
          pass=$((pass + 1))
        done
        """;

    // The list grows by a line per start and exit; past this size it is written again as the groups still listed.
    private const int CompactAt = 64 * 1024;

    private static readonly Lock Gate = new();
    private static readonly HashSet<int> Listed = [];
    private static SafeFileHandle? _pipe;
    private static SafeFileHandle? _list;
    private static long _length;
    private static bool _failed;

    /// <summary>Lists the group led by <paramref name="pid"/>, starting the watchdog first if need be.</summary>
    public static void Watch(int pid) => Record('+', pid);

    /// <summary>Drops the group led by <paramref name="pid"/> once it is gone.</summary>
    public static void Forget(int pid) => Record('-', pid);

    private static void Record(char operation, int pid)
    {
        lock (Gate)
        {
            if (_failed || (_list is null && operation == '-'))
            {
                return;
            }

            try
            {
                _list ??= Start();
                _ = operation == '+' ? Listed.Add(pid) : Listed.Remove(pid);
                if (_length < CompactAt)
                {
                    Append(string.Create(CultureInfo.InvariantCulture, $"{operation}{pid}\n"));
                }
                else
                {
                    // Emptied before it is written again: a host that dies in between leaves an empty list (the marked
                    // processes are still killed), never a group listed twice whose id may have been reused since.
                    RandomAccess.SetLength(_list, 0);
                    _length = 0;
                    Append(string.Concat(Listed.Select(static g => string.Create(CultureInfo.InvariantCulture, $"+{g}\n"))));
                }
            }
            catch (Exception exception) when (exception is IOException or Win32Exception)
            {
                // No watchdog (no /bin/sh, no memfd, or it was killed): supervision goes on, only without this safety net.
                _failed = true;
            }
        }
    }

    private static void Append(string lines)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(lines);
        RandomAccess.Write(_list!, bytes, _length);
        _length += bytes.Length;
    }

    private static SafeFileHandle Start()
    {
        int list = PosixSpawnNative.MemfdCreate("supervision-watchdog", PosixSpawnNative.MFD_CLOEXEC);
        if (list < 0)
        {
            throw new Win32Exception(System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        }

        var listHandle = new SafeFileHandle(list, ownsHandle: true);
        int* fds = stackalloc int[2];
        if (PosixSpawnNative.Pipe2(fds, PosixSpawnNative.O_CLOEXEC) != 0)
        {
            listHandle.Dispose();
            throw new Win32Exception(System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        }

        try
        {
            // Output to pipes of its own, closed at once: it writes nothing, and does not hold the host's stdout open.
            SpawnedProcess watchdog = SpawnedProcess.Start("/bin/sh", ["-c", Script, "supervision-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture)], [], "/", redirectOutput: true, standardInput: fds[0], descriptor3: list);
            watchdog.StandardOutput!.Dispose();
            watchdog.StandardError!.Dispose();
        }
        catch
        {
            _ = PosixSpawnNative.Close(fds[1]);
            listHandle.Dispose();
            throw;
        }
        finally
        {
            _ = PosixSpawnNative.Close(fds[0]);
        }

        // Held for the life of the host: its end-of-file is the watchdog's signal.
        _pipe = new SafeFileHandle(fds[1], ownsHandle: true);
        return listHandle;
    }
}
