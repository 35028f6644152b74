using System.Globalization;

namespace Supervision;

/// <summary>The names of POSIX signals a <see cref="ProcessTypeOptions.StopSignal"/> may give.</summary>
public static class SignalName
{
    // Linux numbering (x86-64 and arm64 agree on these).
    private static readonly Dictionary<string, int> Numbers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["HUP"] = 1, ["INT"] = 2, ["QUIT"] = 3, ["KILL"] = 9, ["USR1"] = 10, ["USR2"] = 12, ["TERM"] = 15, ["CONT"] = 18, ["STOP"] = 19, ["WINCH"] = 28,
    };

    /// <summary>Parses a signal given as <c>SIGTERM</c>, <c>TERM</c> or <c>15</c> (case-insensitive; numbers 1 to 64).</summary>
    /// <param name="text">The signal's name or number.</param>
    /// <param name="signal">The signal number, when the text names one.</param>
    /// <returns>Whether <paramref name="text"/> names a signal.</returns>
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
}
