using System.Globalization;

namespace Supervision;

/// <summary>
/// The descendants of a process, read from /proc. A descendant that left its process group (its own setsid)
/// is out of reach of a group signal; the stop snapshots descendants first and sweeps them after.
/// </summary>
internal static class ProcessTree
{
    /// <summary>One process, identified by pid and start time so that a reused pid is never mistaken for it.</summary>
    public readonly record struct ProcessId(int Pid, long StartTime);

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
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (IOException)
        {
            // Gone already: nothing below it to find.
            return true;
        }

        foreach (string task in tasks)
        {
            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(task, "children"));
            }
            catch (FileNotFoundException) when (Directory.Exists(task))
            {
                // The task is there but not the file: a kernel built without CONFIG_PROC_CHILDREN.
                return false;
            }
            catch (IOException)
            {
                continue;
            }

            foreach (string child in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (int.TryParse(child, NumberStyles.None, CultureInfo.InvariantCulture, out int childPid) && TryReadStat(childPid, out _, out long start))
                {
                    result.Add(new ProcessId(childPid, start));
                    pending.Push(childPid);
                }
            }
        }

        return true;
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

    /// <summary>Reads the parent pid and start time of a process from /proc/PID/stat.</summary>
    public static bool TryReadStat(int pid, out int parent, out long startTime)
    {
        parent = 0;
        startTime = 0;
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }

        // The command name (field 2) is in parentheses and may itself hold spaces or ')'.
        int close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return false;
        }

        string[] fields = stat[(close + 2)..].Split(' ');

        // After the name: state(3) ppid(4) … starttime(22), so index 1 is ppid and index 19 is starttime.
        return fields.Length > 19
            && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out parent)
            && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out startTime);
    }
}
