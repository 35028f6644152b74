namespace Supervision.Tests.Fakes;

/// <summary>Looks at processes through /proc, as an administrator would.</summary>
public static class ProcFs
{
    /// <summary>Whether <paramref name="pid"/> is a live process (a zombie is not alive).</summary>
    public static bool IsAlive(int pid) => State(pid) is char state && state != 'Z' && state != 'X';

    /// <summary>
    /// Whether <paramref name="pid"/> is gone (or a zombie) within <paramref name="within"/>: a SIGKILL sent is not a
    /// process dead yet, the kernel takes a moment to tear down a multi-threaded one.
    /// </summary>
    public static async Task<bool> IsGoneWithinAsync(int pid, TimeSpan within)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (IsAlive(pid))
        {
            if (clock.Elapsed > within)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5));
        }

        return true;
    }

    public static char? State(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2];
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Our zombies that are still zombies after <paramref name="grace"/>: children nobody reaps. Tests run in parallel,
    /// and another test's child that just exited is a zombie until its reaper collects it, a matter of milliseconds.
    /// </summary>
    public static async Task<List<int>> LingeringZombiesAsync(TimeSpan grace)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        List<int> zombies = OurZombies();
        while (zombies.Count != 0 && clock.Elapsed < grace)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10));
            zombies.RemoveAll(static pid => State(pid) != 'Z');
        }

        return zombies;
    }

    /// <summary>The zombies whose parent is this process: children nobody reaped (yet).</summary>
    public static List<int> OurZombies()
    {
        var zombies = new List<int>();
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out int pid) && ProcessTree.TryReadStat(pid, out int parent, out _) && parent == Environment.ProcessId && State(pid) == 'Z')
            {
                zombies.Add(pid);
            }
        }

        return zombies;
    }

    /// <summary>The parent of <paramref name="pid"/>, or null when it is gone.</summary>
    public static int? Parent(int pid) => ProcessTree.TryReadStat(pid, out int parent, out _) ? parent : null;

    /// <summary>Live processes of process group <paramref name="group"/>.</summary>
    public static List<int> InGroup(int group) =>
        [.. Pids().Where(pid => ProcessTree.TryReadStat(pid, out ProcessTree.ProcessStat stat) && stat.Group == group && !stat.IsZombie)];

    /// <summary>
    /// Live processes whose command line (arguments separated and ended by NUL) is <paramref name="commandLine"/>, its
    /// program named by path or not (<c>sleep</c> or <c>/bin/sleep</c>).
    /// </summary>
    public static List<int> WithCommandLine(string commandLine) =>
        [.. Pids().Where(pid => IsAlive(pid) && ReadOrEmpty($"/proc/{pid}/cmdline") is string line && (line == commandLine || line.EndsWith("/" + commandLine, StringComparison.Ordinal)))];

    private static IEnumerable<int> Pids()
    {
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out int pid))
            {
                yield return pid;
            }
        }
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
