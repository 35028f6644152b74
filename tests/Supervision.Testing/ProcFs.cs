using System.Globalization;

namespace Supervision.Testing;

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

    public static char? State(int pid) => Stat(pid)?.State;

    /// <summary>State, parent and process group of <paramref name="pid"/> from /proc/PID/stat, or null when it is gone.</summary>
    public static (char State, int Parent, int Group)? Stat(int pid)
    {
        string stat = ReadOrEmpty($"/proc/{pid}/stat");
        int close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        string[] fields = stat[(close + 2)..].Split(' ');
        return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture), int.Parse(fields[2], CultureInfo.InvariantCulture));
    }

    /// <summary>Live processes whose command line contains <paramref name="marker"/>.</summary>
    public static List<int> WithMarker(string marker) =>
        [.. Pids().Where(pid => IsAlive(pid) && ReadOrEmpty($"/proc/{pid}/cmdline").Replace('\0', ' ').Contains(marker, StringComparison.Ordinal))];

    public static int OpenFds(int pid) => Directory.GetFiles($"/proc/{pid}/fd").Length;

    public static int Threads(int pid) => int.Parse(Status(pid, "Threads"), CultureInfo.InvariantCulture);

    /// <summary>Peak resident set (VmHWM), bytes.</summary>
    public static long PeakResident(int pid) => long.Parse(Status(pid, "VmHWM").Split(' ')[0], CultureInfo.InvariantCulture) * 1024;

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
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && Stat(pid) is { State: 'Z' } stat && stat.Parent == Environment.ProcessId)
            {
                zombies.Add(pid);
            }
        }

        return zombies;
    }

    /// <summary>The parent of <paramref name="pid"/>, or null when it is gone.</summary>
    public static int? Parent(int pid) => Stat(pid)?.Parent;

    /// <summary>Live processes of process group <paramref name="group"/>.</summary>
    public static List<int> InGroup(int group) =>
        [.. Pids().Where(pid => Stat(pid) is { } stat && stat.Group == group && stat.State is not ('Z' or 'X'))];

    /// <summary>
    /// Live processes whose command line (arguments separated and ended by NUL) is <paramref name="commandLine"/>, its
    /// program named by path or not (<c>sleep</c> or <c>/bin/sleep</c>).
    /// </summary>
    public static List<int> WithCommandLine(string commandLine) =>
        [.. Pids().Where(pid => IsAlive(pid) && ReadOrEmpty($"/proc/{pid}/cmdline") is string line && (line == commandLine || line.EndsWith("/" + commandLine, StringComparison.Ordinal)))];

    private static string Status(int pid, string key) =>
        File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(key + ":", StringComparison.Ordinal))[(key.Length + 1)..].Trim();

    private static IEnumerable<int> Pids()
    {
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
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
