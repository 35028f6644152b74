namespace Supervision;

/// <summary>A Foreman Procfile: one <c>name: command</c> per line; blank lines and <c>#</c> comments ignored.</summary>
internal static class Procfile
{
    /// <summary>Parses <paramref name="text"/>; <paramref name="source"/> names the file in error messages.</summary>
    /// <exception cref="FormatException">A line is malformed or a name repeats; the message gives the line number.</exception>
    public static List<(string Name, string Command)> Parse(string text, string source)
    {
        var entries = new List<(string Name, string Command)>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            string name = colon < 0 ? string.Empty : line[..colon].Trim();
            string command = colon < 0 ? string.Empty : line[(colon + 1)..].Trim();
            if (!ProcessTypeName.IsValid(name) || command.Length == 0)
            {
                throw new FormatException($"{source}:{i + 1}: '{line}' is not 'name: command' (a name of letters, digits, '_' or '-', then a command).");
            }

            if (!names.Add(name))
            {
                throw new FormatException($"{source}:{i + 1}: the process type '{name}' is declared twice.");
            }

            entries.Add((name, command));
        }

        return entries;
    }
}
