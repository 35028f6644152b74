namespace Supervision.Extensions.Procfiles;

/// <summary>
/// A Foreman <c>.env</c> file: <c>KEY=value</c> per line, <c>#</c> comments, an optional <c>export</c> prefix;
/// a value in single quotes is literal, in double quotes backslash escapes are read (<c>\n</c> is a newline).
/// </summary>
internal static class DotEnv
{
    /// <exception cref="FormatException">Lines are not KEY=value or hold a NUL; the message lists each, with its line number, one per line.</exception>
    public static Dictionary<string, string> Parse(string text, string source)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<string>();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (line.Contains('\0', StringComparison.Ordinal))
            {
                // No process can be given a NUL in a variable, and a unit file would read it as the end of a line.
                errors.Add($"{source}:{i + 1}: the line holds a NUL byte; an env file is text.");
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line[7..].TrimStart();
            }

            int equals = line.IndexOf('=', StringComparison.Ordinal);
            string key = equals < 0 ? string.Empty : line[..equals].Trim();
            if (key.Length == 0 || !key.All(static c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                errors.Add($"{source}:{i + 1}: '{Procfile.Printable(line)}' is not KEY=value.");
                continue;
            }

            variables[key] = Unquote(line[(equals + 1)..].Trim());
        }

        return errors.Count == 0 ? variables : throw new FormatException(string.Join('\n', errors));
    }

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && value[0] == '\'' && value[^1] == '\'')
        {
            return value[1..^1];
        }

        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            var builder = new System.Text.StringBuilder(value.Length);
            for (int i = 1; i < value.Length - 1; i++)
            {
                char c = value[i];
                if (c == '\\' && i + 1 < value.Length - 1)
                {
                    c = value[++i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', char other => other };
                }

                builder.Append(c);
            }

            return builder.ToString();
        }

        // An unquoted value ends at a comment.
        int comment = value.IndexOf(" #", StringComparison.Ordinal);
        return comment < 0 ? value : value[..comment].TrimEnd();
    }
}
