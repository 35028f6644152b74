using System.ComponentModel;
using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;
using System.Runtime.Versioning;

namespace Supervision;

/// <summary>
/// Kills the children's process groups when the host dies without stopping them (SIGKILL, OOM killer, crash).
/// <c>posix_spawn</c> cannot set <c>PR_SET_PDEATHSIG</c>, so one watchdog per host, a <c>/bin/sh</c> in a session of
/// its own, reads the group of every child from a pipe whose write end only the host holds (close-on-exec, so no
/// child inherits it). When the host dies the kernel closes that end; the watchdog reads end-of-file and SIGKILLs
/// the groups still listed, then every process that carries a <see cref="RunTag"/> of this host. Limits: a descendant
/// that left its group and dropped its environment (<c>env -i</c>) is not reached, and the watchdog itself can be killed.
/// </summary>
[SupportedOSPlatform("linux")]
internal static unsafe class HostWatchdog
{
    // "+PGID" adds a group, "-PGID" drops one; at end-of-file every group still listed is killed, then every process
    // whose environment carries a mark of this host ($1 is its pid; see RunTag): what left its group, even by a double
    // fork, until a pass finds none (a process forking as it is killed leaves a marked child for the next pass).
    private const string Script = """
        groups=' '
        while read -r line; do
          case $line in
            +*) groups="$groups${line#+} " ;;
            -*) case $groups in *" ${line#-} "*) groups="${groups%% ${line#-} *} ${groups#* ${line#-} }" ;; esac ;;
          esac
        done
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

    private static readonly Lock Gate = new();
    private static FileStream? _pipe;
    private static bool _failed;

    /// <summary>Lists the group led by <paramref name="pid"/>, starting the watchdog first if need be.</summary>
    public static void Watch(int pid) => Send('+', pid);

    /// <summary>Drops the group led by <paramref name="pid"/> once it is gone.</summary>
    public static void Forget(int pid) => Send('-', pid);

    private static void Send(char operation, int pid)
    {
        lock (Gate)
        {
            if (_failed || (_pipe is null && operation == '-'))
            {
                return;
            }

            try
            {
                _pipe ??= new FileStream(Start(), FileAccess.Write, bufferSize: 0);
                _pipe.Write(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{operation}{pid}\n")));
            }
            catch (Exception exception) when (exception is IOException or Win32Exception)
            {
                // No watchdog (no /bin/sh, or it was killed): supervision goes on, only without this safety net.
                _failed = true;
            }
        }
    }

    private static SafeFileHandle Start()
    {
        int* fds = stackalloc int[2];
        if (PosixSpawnNative.Pipe2(fds, PosixSpawnNative.O_CLOEXEC) != 0)
        {
            throw new Win32Exception(System.Runtime.InteropServices.Marshal.GetLastPInvokeError());
        }

        try
        {
            // Output to pipes of its own, closed at once: it writes nothing, and does not hold the host's stdout open.
            SpawnedProcess watchdog = SpawnedProcess.Start("/bin/sh", ["-c", Script, "supervision-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture)], [], "/", redirectOutput: true, standardInput: fds[0]);
            watchdog.StandardOutput!.Dispose();
            watchdog.StandardError!.Dispose();
        }
        catch
        {
            _ = PosixSpawnNative.Close(fds[1]);
            throw;
        }
        finally
        {
            _ = PosixSpawnNative.Close(fds[0]);
        }

        return new SafeFileHandle(fds[1], ownsHandle: true);
    }
}
