namespace Supervision;

/// <summary>
/// A Foreman <c>.env</c> file: <c>KEY=value</c> per line, <c>#</c> comments, an optional <c>export</c> prefix;
/// a value in single quotes is literal, in double quotes backslash escapes are read (<c>\n</c> is a newline).
/// </summary>
internal static class DotEnv
{
    /// <exception cref="FormatException">A line is not KEY=value; the message gives the line number.</exception>
    public static Dictionary<string, string> Parse(string text, string source)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
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
                throw new FormatException($"{source}:{i + 1}: '{line}' is not KEY=value.");
            }

            variables[key] = Unquote(line[(equals + 1)..].Trim());
        }

        return variables;
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
