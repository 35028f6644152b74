using System.Globalization;

namespace Supervision.EndToEnd.Fakes;

/// <summary>Looks at processes through /proc, as an administrator would.</summary>
internal static class Proc
{
    /// <summary>Whether <paramref name="pid"/> is a live process (a zombie is not alive).</summary>
    public static bool IsAlive(int pid) => Stat(pid) is { } stat && stat.State is not ('Z' or 'X');

    /// <summary>Live processes whose command line contains <paramref name="marker"/>.</summary>
    public static List<int> WithMarker(string marker) =>
        [.. Pids().Where(pid => IsAlive(pid) && ReadOrEmpty($"/proc/{pid}/cmdline").Replace('\0', ' ').Contains(marker, StringComparison.Ordinal))];

    /// <summary>Live processes of process group <paramref name="group"/>.</summary>
    public static List<int> InGroup(int group) => [.. Pids().Where(pid => Stat(pid) is { } stat && stat.Group == group && stat.State is not ('Z' or 'X'))];

    public static int OpenFds(int pid) => Directory.GetFiles($"/proc/{pid}/fd").Length;

    public static int Threads(int pid) => int.Parse(Status(pid, "Threads"), CultureInfo.InvariantCulture);

    /// <summary>Peak resident set (VmHWM), bytes.</summary>
    public static long PeakResident(int pid) => long.Parse(Status(pid, "VmHWM").Split(' ')[0], CultureInfo.InvariantCulture) * 1024;

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
