using System.Buffers;

namespace Supervision.Extensions.Export;

/// <summary>Quotes words for <c>/bin/sh</c>, which runs every Procfile line.</summary>
internal static class ShellQuoting
{
    private static readonly SearchValues<char> Safe =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-");

    /// <summary>The word as is when sh would read it back unchanged, else in single quotes (a quote inside as <c>'\''</c>).</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.AsSpan().IndexOfAnyExcept(Safe) < 0
            ? word
            : "'" + word.Replace("'", @"'\''", StringComparison.Ordinal) + "'";

    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));

    /// <summary>Whether <paramref name="name"/> can be assigned in sh.</summary>
    public static bool IsVariableName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(static c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
