using System.Globalization;
using System.Runtime.InteropServices;

namespace Supervision;

/// <summary>POSIX signals: .NET has no managed way to send one to another process or process group.</summary>
internal static partial class Signals
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    // Linux numbering (x86-64 and arm64 agree on these).
    private static readonly Dictionary<string, int> Numbers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["HUP"] = 1, ["INT"] = 2, ["QUIT"] = 3, ["KILL"] = 9, ["USR1"] = 10, ["USR2"] = 12, ["TERM"] = 15, ["CONT"] = 18, ["STOP"] = 19, ["WINCH"] = 28,
    };

    /// <summary>Parses <c>SIGTERM</c>, <c>TERM</c> or <c>15</c>.</summary>
    public static bool TryParse(string? text, out int signal)
    {
        signal = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        string name = text.Trim();
        if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out signal))
        {
            return signal is > 0 and < 65;
        }

        if (name.StartsWith("SIG", StringComparison.OrdinalIgnoreCase))
        {
            name = name[3..];
        }

        return Numbers.TryGetValue(name, out signal);
    }

    /// <summary>Sends <paramref name="signal"/> to every process of group <paramref name="processGroup"/>.</summary>
    /// <returns><see langword="false"/> when no process of the group is left.</returns>
    public static bool SendToGroup(int processGroup, int signal) => Kill(-processGroup, signal) == 0;

    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;

    /// <summary>Whether any process of the group is left (signal 0 checks without sending anything).</summary>
    public static bool GroupExists(int processGroup) => Kill(-processGroup, 0) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
