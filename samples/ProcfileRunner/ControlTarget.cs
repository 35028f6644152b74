using System.Globalization;

namespace ProcfileRunner;

/// <summary>What a control command acts on: a type (<c>web</c>), one instance (<c>web.2</c>), or everything.</summary>
internal readonly record struct ControlTarget(string? Type, int? Instance)
{
    /// <summary>Reads <c>TYPE</c> or <c>TYPE.N</c>; <see langword="null"/> when <paramref name="text"/> is neither.</summary>
    public static ControlTarget? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return new ControlTarget(null, null);
        }

        int dot = text.LastIndexOf('.');
        if (dot > 0 && int.TryParse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int number))
        {
            return number >= 1 ? new ControlTarget(text[..dot], number) : null;
        }

        return text.Contains('=', StringComparison.Ordinal) ? null : new ControlTarget(text, null);
    }
}
