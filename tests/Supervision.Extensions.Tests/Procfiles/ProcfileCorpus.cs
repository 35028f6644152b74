namespace Supervision.Tests.Procfiles;

/// <summary>
/// The Procfiles of public repositories in Corpus/, and what Foreman printed for each (Corpus/foreman-check.txt),
/// both in the words of <c>foreman check</c> so that the two compare as text.
/// </summary>
internal static class ProcfileCorpus
{
    public static string Directory { get; } =
        Path.Combine(RepositoryLayout.Root, "tests", "Supervision.Extensions.Tests", "Procfiles", "Corpus");

    private static readonly string[] NotProcfiles = ["README.md", "foreman-check.txt", ".gitattributes"];

    /// <summary>The corpus files' paths, in ordinal order of their names.</summary>
    public static IReadOnlyList<string> Files() =>
        [.. System.IO.Directory.GetFiles(Directory)
            .Where(static path => !NotProcfiles.Contains(Path.GetFileName(path)))
            .Order(StringComparer.Ordinal)];

    /// <summary>The recorded output of <c>foreman check -f FILE</c>, by file name.</summary>
    public static IReadOnlyDictionary<string, string> RecordedForeman()
    {
        var recorded = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(Path.Combine(Directory, "foreman-check.txt")))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            int colon = line.IndexOf(": ", StringComparison.Ordinal);
            recorded.Add(line[..colon], line[(colon + 2)..]);
        }

        return recorded;
    }

    /// <summary>What <see cref="Procfile.Read"/> makes of <paramref name="path"/>, said as <c>foreman check</c> says it.</summary>
    public static string AsForemanCheck(string path)
    {
        try
        {
            Procfile procfile = Procfile.Read(path);
            return $"valid procfile detected ({string.Join(", ", procfile.Entries.Select(static e => e.Name))})";
        }
        catch (FormatException error) when (error.Message == $"{path}: no processes defined.")
        {
            return "ERROR: no processes defined";
        }
        catch (FormatException error)
        {
            return "rejected by Procfile.Read only: " + error.Message.Replace('\n', ' ');
        }
    }
}
