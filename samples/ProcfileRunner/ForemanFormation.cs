using System.Globalization;

namespace ProcfileRunner;

/// <summary>
/// Foreman's <c>-m</c>: the types it names get their counts, every other type 0 unless <c>all=N</c> is given
/// (Foreman's <c>parse_formation</c> defaults to 0). The library's <c>Formation</c> leaves unnamed types at their
/// own count, so the runner hands it every type explicitly.
/// </summary>
internal static class ForemanFormation
{
    public const string All = "all";

    /// <summary>The count of every type, or <see langword="null"/> when <paramref name="text"/> has problems (in <paramref name="errors"/>).</summary>
    public static Dictionary<string, int>? Expand(string text, IReadOnlyList<string> types, string argument, List<string> errors)
    {
        var named = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        int before = errors.Count;
        foreach (string entry in text.Split(',', StringSplitOptions.TrimEntries))
        {
            int equals = entry.IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? entry : entry[..equals].Trim();
            string count = equals < 0 ? string.Empty : entry[(equals + 1)..].Trim();
            if (equals < 0 || name.Length == 0)
            {
                errors.Add($"{argument}: '{entry}' is not TYPE=COUNT (for example web=2,worker=3), was '{text}'.");
            }
            else if (!string.Equals(name, All, StringComparison.OrdinalIgnoreCase) && !types.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"{argument}: unknown process type '{name}' (the Procfile has: {string.Join(", ", types)}), was '{text}'.");
            }
            else if (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value > RunnerLimits.MaxCount)
            {
                errors.Add($"{argument}: the count of '{name}' must be a whole number from 0 to {RunnerLimits.MaxCount}, was '{count}'.");
            }
            else if (!named.TryAdd(name, value))
            {
                errors.Add($"{argument}: '{name}' is given more than once, was '{text}'.");
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        int others = named.GetValueOrDefault(All);
        return types.ToDictionary(type => type, type => named.TryGetValue(type, out int count) ? count : others, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The counts in the library's Formation syntax, every type named.</summary>
    public static string Format(Dictionary<string, int> counts) =>
        string.Join(',', counts.Select(static c => string.Create(CultureInfo.InvariantCulture, $"{c.Key}={c.Value}")));
}
