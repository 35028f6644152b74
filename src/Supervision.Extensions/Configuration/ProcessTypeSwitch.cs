using Microsoft.Extensions.Configuration;

namespace Supervision.Extensions.Configuration;

/// <summary>
/// The command-line switch <c>--process-type NAME</c> (repeatable; also <c>--process-type=NAME</c>, and a
/// comma-separated list): the only types this host runs. The configuration's command-line provider keeps only
/// the last of repeated keys, so every occurrence is read from the process's own arguments; the configuration
/// key <c>process-type</c> is read as well, for hosts built with arguments other than the process's.
/// </summary>
internal static class ProcessTypeSwitch
{
    public const string Switch = "--process-type";
    public const string ConfigurationKey = "process-type";

    /// <summary>The names given, in order, without duplicates; empty when the switch is absent.</summary>
    public static List<string> Read(IConfiguration? configuration, IReadOnlyList<string> args)
    {
        var names = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (string.Equals(arg, Switch, StringComparison.Ordinal) && i + 1 < args.Count)
            {
                Add(names, args[++i]);
            }
            else if (arg.StartsWith(Switch + "=", StringComparison.Ordinal))
            {
                Add(names, arg[(Switch.Length + 1)..]);
            }
        }

        Add(names, configuration?[ConfigurationKey]);
        return names;
    }

    private static void Add(List<string> names, string? value)
    {
        foreach (string name in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                names.Add(name);
            }
        }
    }
}
