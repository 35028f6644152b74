using System.Buffers.Text;
using System.Globalization;
using System.Runtime.Versioning;

namespace Supervision.Processes;

/// <summary>
/// The descendants of a process, read from /proc. A descendant that left its process group (its own setsid)
/// is out of reach of a group signal; the stop snapshots descendants first and sweeps them after.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class ProcessTree
{
    /// <summary>One process, identified by pid and start time so that a reused pid is never mistaken for it.</summary>
    public readonly record struct ProcessId(int Pid, long StartTime);

    private const int ENOENT = 2;

    /// <summary>
    /// The descendants of <paramref name="root"/>, walked through /proc/PID/task/TID/children, so the cost follows
    /// the size of the subtree rather than of the whole machine (a stop of a hundred children must not read /proc a
    /// hundred times over). Kernels without that file get a scan of every /proc/PID/stat.
    /// </summary>
    public static List<ProcessId> Descendants(int root)
    {
        var result = new List<ProcessId>();
        var pending = new Stack<int>();
        pending.Push(root);
        while (pending.TryPop(out int pid))
        {
            if (!TryReadChildren(pid, result, pending))
            {
                return DescendantsByScan(root);
            }
        }

        return result;
    }

    private static bool TryReadChildren(int pid, List<ProcessId> result, Stack<int> pending)
    {
        IEnumerable<string> tasks;
        try
        {
            tasks = Directory.EnumerateDirectories($"/proc/{pid}/task");
        }
        catch (IOException)
        {
            // Gone already: nothing below it to find.
            return true;
        }

        // One page holds the pids of some five hundred children of one thread; a longer list is read whole below.
        Span<byte> buffer = stackalloc byte[4096];
        try
        {
            foreach (string task in tasks)
            {
                string path = task + "/children";
                int length = ProcFsFile.Read(path, buffer);
                if (length < 0)
                {
                    if (ProcFsFile.LastError == ENOENT && Directory.Exists(task))
                    {
                        // The task is there but not the file: a kernel built without CONFIG_PROC_CHILDREN.
                        return false;
                    }

                    // The thread exited meanwhile.
                    continue;
                }

                ReadOnlySpan<byte> text = length < buffer.Length ? buffer[..length] : ReadWhole(path);
                foreach (Range field in text.Split((byte)' '))
                {
                    if (Utf8Parser.TryParse(text[field], out int childPid, out int used) && used == text[field].Length && TryReadStat(childPid, out _, out long start))
                    {
                        result.Add(new ProcessId(childPid, start));
                        pending.Push(childPid);
                    }
                }
            }
        }
        catch (IOException)
        {
            // The process went away while its threads were listed: its children were re-parented, out of reach.
        }

        return true;
    }

    private static byte[] ReadWhole(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static List<ProcessId> DescendantsByScan(int root)
    {
        var children = new Dictionary<int, List<ProcessId>>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && TryReadStat(pid, out int parent, out long start))
            {
                if (!children.TryGetValue(parent, out List<ProcessId>? list))
                {
                    children[parent] = list = [];
                }

                list.Add(new ProcessId(pid, start));
            }
        }

        var result = new List<ProcessId>();
        var pending = new Stack<int>();
        pending.Push(root);
        while (pending.TryPop(out int pid))
        {
            if (children.TryGetValue(pid, out List<ProcessId>? list))
            {
                foreach (ProcessId child in list)
                {
                    result.Add(child);
                    pending.Push(child.Pid);
                }
            }
        }

        return result;
    }

    /// <summary>Sends SIGKILL to each process still alive with the same start time.</summary>
    public static void KillSurvivors(List<ProcessId> processes)
    {
        foreach (ProcessId process in processes)
        {
            if (TryReadStat(process.Pid, out _, out long start) && start == process.StartTime)
            {
                Signals.Send(process.Pid, Signals.SIGKILL);
            }
        }
    }

    /// <summary>What /proc/PID/stat tells of a process, zombies included.</summary>
    public readonly record struct ProcessStat(char State, int Parent, int Group, int Session, long StartTime)
    {
        /// <summary>Exited, not yet reaped: only its parent's wait removes it.</summary>
        public bool IsZombie => State is 'Z' or 'X';
    }

    /// <summary>Reads the parent pid and start time of a process from /proc/PID/stat.</summary>
    public static bool TryReadStat(int pid, out int parent, out long startTime)
    {
        bool read = TryReadStat(pid, out ProcessStat stat);
        (parent, startTime) = (stat.Parent, stat.StartTime);
        return read;
    }

    /// <summary>Reads state, parent, process group, session and start time of a process from /proc/PID/stat.</summary>
    public static bool TryReadStat(int pid, out ProcessStat stat)
    {
        stat = default;

        // The command name is at most 64 bytes (TASK_COMM_LEN is 16, kernel threads' names can be longer); the 52
        // fields after it fit well within 1 KiB.
        Span<byte> buffer = stackalloc byte[1024];
        int length = ProcFsFile.Read($"/proc/{pid}/stat", buffer);
        if (length <= 0)
        {
            return false;
        }

        // The command name (field 2) is in parentheses and may itself hold spaces or ')'.
        ReadOnlySpan<byte> text = buffer[..length];
        int close = text.LastIndexOf((byte)')');
        if (close < 0 || close + 2 >= text.Length)
        {
            return false;
        }

        // After the name: state(3) ppid(4) pgrp(5) session(6) … starttime(22): indices 0, 1, 2, 3 and 19.
        ReadOnlySpan<byte> fields = text[(close + 2)..];
        char state = (char)fields[0];
        int parent = 0, group = 0, session = 0;
        int index = 0;
        foreach (Range field in fields.Split((byte)' '))
        {
            ReadOnlySpan<byte> value = fields[field];
            switch (index++)
            {
                case 1 when !Utf8Parser.TryParse(value, out parent, out _):
                case 2 when !Utf8Parser.TryParse(value, out group, out _):
                case 3 when !Utf8Parser.TryParse(value, out session, out _):
                    return false;
                case 19:
                    if (!Utf8Parser.TryParse(value, out long startTime, out _))
                    {
                        return false;
                    }

                    stat = new ProcessStat(state, parent, group, session, startTime);
                    return true;
            }
        }

        return false;
    }
}
