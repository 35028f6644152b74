using Supervision.Extensions.Registration;

namespace Supervision.Extensions.Formations;

/// <summary>A formation in Foreman <c>-m</c> syntax: <c>web=2,worker=4</c>, where <c>all=N</c> sets every type.</summary>
internal sealed class Formation
{
    public const string All = "all";

    private readonly Dictionary<string, int> _counts;

    private Formation(Dictionary<string, int> counts) => _counts = counts;

    public IReadOnlyDictionary<string, int> Counts => _counts;

    /// <summary>The count for <paramref name="type"/>: its own entry, else <c>all</c>, else <paramref name="fallback"/>.</summary>
    public int CountOf(string type, int fallback) =>
        _counts.TryGetValue(type, out int count) || _counts.TryGetValue(All, out count) ? count : fallback;

    /// <summary>Parses <paramref name="text"/>; every problem is reported, each naming the entry at fault.</summary>
    public static Formation Parse(string? text, ICollection<string> errors)
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new Formation(counts);
        }

        foreach (string entry in text.Split(',', StringSplitOptions.TrimEntries))
        {
            int equals = entry.IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? entry : entry[..equals].Trim();
            if (equals < 0 || !ProcessTypeName.IsValid(name))
            {
                errors.Add($"'{entry}' is not NAME=COUNT");
            }
            else if (!int.TryParse(entry.AsSpan(equals + 1).Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int count))
            {
                errors.Add($"'{entry}': the count must be a whole number, 0 or more");
            }
            else if (!counts.TryAdd(name, count))
            {
                errors.Add($"'{name}' is given more than once");
            }
        }

        return new Formation(counts);
    }
}
