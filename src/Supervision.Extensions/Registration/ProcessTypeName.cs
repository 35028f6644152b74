namespace Supervision.Extensions.Registration;

/// <summary>Process type and group names: what Foreman accepts in a Procfile, and what a type name becomes by default.</summary>
internal static class ProcessTypeName
{
    private static readonly System.Buffers.SearchValues<char> Allowed =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

    public static bool IsValid(string name) => name.Length > 0 && name.AsSpan().IndexOfAnyExcept(Allowed) < 0;

    public static void ThrowIfInvalid(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IsValid(name))
        {
            throw new ArgumentException($"'{name}' is not a valid process type name: use letters, digits, '_' and '-'.", nameof(name));
        }
    }

    /// <summary>The default name of a worker class: <c>QueueWorker</c> becomes <c>queue-worker</c>.</summary>
    public static string FromType(Type type)
    {
        string name = type.Name;
        int arity = name.IndexOf('`', StringComparison.Ordinal);
        if (arity >= 0)
        {
            name = name[..arity];
        }

        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c) && i > 0 && !char.IsUpper(name[i - 1]))
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
