using System.Text;
using System.Text.RegularExpressions;

namespace Supervision;

/// <summary>
/// A Foreman Procfile, read the way Foreman reads it: a process is a line <c>name: command</c> with the name at
/// the very start of the line (letters, digits, '_' and '-'). Any other line is one Foreman ignores: blank lines
/// and comments silently, the rest (an indented line, <c>web : cmd</c>, a stray code fragment) with a warning, so
/// that nothing runs here that Foreman would not run.
/// </summary>
public sealed partial class Procfile
{
    private Procfile(IReadOnlyList<ProcfileEntry> entries, IReadOnlyList<string> warnings)
    {
        Entries = entries;
        Warnings = warnings;
    }

    /// <summary>Gets the process types, in the order of their lines.</summary>
    public IReadOnlyList<ProcfileEntry> Entries { get; }

    /// <summary>Gets one message per ignored line, each naming the file and the line.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Reads and parses the Procfile at <paramref name="path"/>.</summary>
    /// <param name="path">The Procfile.</param>
    /// <returns>Its process types and warnings.</returns>
    /// <exception cref="FormatException">The file is not a usable Procfile; the message lists every problem, one per line.</exception>
    /// <exception cref="IOException">The file cannot be read (missing, a directory, not readable); the message names it.</exception>
    public static Procfile Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Directory.Exists(path))
        {
            throw new IOException($"{path} is a directory, not a Procfile.");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new IOException($"{path} cannot be read: {exception.Message}", exception);
        }
        catch (FileNotFoundException exception)
        {
            throw new IOException($"{path}: no such Procfile.", exception);
        }
        catch (DirectoryNotFoundException exception)
        {
            throw new IOException($"{path}: no such Procfile.", exception);
        }

        // Decoded without dropping a byte-order mark: Foreman does not match a first line that starts with one.
        return Parse(Encoding.UTF8.GetString(bytes), path);
    }

    /// <summary>Parses the text of a Procfile.</summary>
    /// <param name="text">The Procfile's content.</param>
    /// <param name="source">Names the file in messages.</param>
    /// <returns>Its process types and warnings.</returns>
    /// <exception cref="FormatException">The text is not a usable Procfile; the message lists every problem, one per line.</exception>
    public static Procfile Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        var entries = new List<ProcfileEntry>();
        var warnings = new List<string>();
        var errors = new List<string>();
        var declared = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int number = i + 1;
            string line = lines[i].EndsWith('\r') ? lines[i][..^1] : lines[i];
            if (line.Contains('\0', StringComparison.Ordinal))
            {
                errors.Add($"{source}:{number}: the line holds a NUL byte; a Procfile is text.");
                continue;
            }

            if (line.Contains('\r', StringComparison.Ordinal))
            {
                // A file with '\r'-only line endings would otherwise run every later line as part of the first command.
                errors.Add($"{source}:{number}: a carriage return ('\\r') inside the line; lines must end with '\\n' or '\\r\\n'.");
                continue;
            }

            string trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            Match match = EntryLine().Match(line);
            if (!match.Success)
            {
                warnings.Add($"{source}:{number}: ignored, as Foreman ignores it: '{Printable(line)}' is not 'name: command' with the name at the start of the line.");
                continue;
            }

            string name = match.Groups["name"].Value;
            string command = match.Groups["command"].Value.Trim();
            if (command.Length == 0)
            {
                // Foreman declares the type and then fails to run it ("unknown command"); here that is said up front.
                errors.Add($"{source}:{number}: the process type '{name}' has no command; write '{name}: <command>' or remove the line.");
                continue;
            }

            if (declared.TryGetValue(name, out int first))
            {
                errors.Add($"{source}:{number}: the process type '{name}' is already declared on line {first}; give each line its own name (for example '{name}2').");
                continue;
            }

            declared.Add(name, number);
            entries.Add(new ProcfileEntry(name, command, number));
        }

        if (entries.Count == 0 && errors.Count == 0)
        {
            errors.Add($"{source}: no processes defined.");
        }

        if (errors.Count > 0)
        {
            throw new FormatException(string.Join('\n', errors));
        }

        return new Procfile(entries, warnings);
    }

    /// <summary>Control characters shown as escapes, so a message stays one line and shows what is there.</summary>
    internal static string Printable(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            if (char.IsControl(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    // Foreman's own pattern (lib/foreman/procfile.rb): /^([A-Za-z0-9_-]+):\s*(.+)$/. The same lines match without
    // the \s*, which lets a command of blanks only ("web:  ") be caught here and reported instead of ignored.
    [GeneratedRegex(@"^(?<name>[A-Za-z0-9_-]+):(?<command>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex EntryLine();
}
