using System.Globalization;
using Microsoft.Extensions.Options;

namespace Supervision;

/// <summary>
/// Checks the merged options at start; every problem is one message naming the configuration key and the value.
/// </summary>
internal sealed class SupervisionOptionsValidator(SupervisionRegistry registry) : IValidateOptions<SupervisionOptions>
{
    private const string Section = SupervisionDefaults.SectionName;

    public ValidateOptionsResult Validate(string? name, SupervisionOptions options)
    {
        var failures = new List<string>();
        HashSet<string> types = new(registry.Types.Select(static t => t.Name), StringComparer.OrdinalIgnoreCase);
        HashSet<string> groups = new(registry.Groups.Select(static g => g.Name), StringComparer.OrdinalIgnoreCase);
        string known = types.Count == 0 ? "none is registered" : "known: " + string.Join(", ", registry.Types.Select(static t => t.Name));

        ValidateGroup(Section, options, failures);
        foreach ((string groupName, ProcessGroupOptions group) in options.Groups)
        {
            string key = $"{Section}:Groups:{groupName}";
            if (!groups.Contains(groupName))
            {
                failures.Add($"{key}: no process group named '{groupName}' is declared.");
            }

            ValidateGroup(key, group, failures);
        }

        foreach ((string typeName, ProcessTypeOptions type) in options.ProcessTypes)
        {
            string key = $"{Section}:ProcessTypes:{typeName}";
            if (!types.Contains(typeName))
            {
                failures.Add($"{key}: no process type named '{typeName}' is registered ({known}).");
            }

            ValidateType(key, type, failures);
        }

        var formationErrors = new List<string>();
        Formation formation = Formation.Parse(options.Formation, formationErrors);
        foreach (string error in formationErrors)
        {
            failures.Add($"{Section}:Formation: {error}.");
        }

        foreach (string typeName in formation.Counts.Keys)
        {
            if (!types.Contains(typeName) && !string.Equals(typeName, Formation.All, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{Section}:Formation: unknown process type '{typeName}' ({known}).");
            }
        }

        foreach (string typeName in TreeBuilder.ParseOnly(options.Only) ?? [])
        {
            if (!types.Contains(typeName))
            {
                failures.Add($"{options.OnlyKey ?? Section + ":Only"}: unknown process type '{typeName}' ({known}).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateGroup(string key, ProcessGroupOptions group, List<string> failures)
    {
        if (group.MaxRestarts < -1)
        {
            failures.Add(Invalid(key, "MaxRestarts", group.MaxRestarts, "must be -1 (never give up) or more"));
        }

        if (group.RestartWindow <= TimeSpan.Zero)
        {
            failures.Add(Invalid(key, "RestartWindow", group.RestartWindow, "must be positive"));
        }

        if (!Enum.IsDefined(group.Strategy))
        {
            failures.Add(Invalid(key, "Strategy", group.Strategy, "must be OneForOne, OneForAll or RestForOne"));
        }
    }

    private static void ValidateType(string key, ProcessTypeOptions type, List<string> failures)
    {
        if (type.Count < 0)
        {
            failures.Add(Invalid(key, "Count", type.Count, "must be 0 or more"));
        }

        if (!Enum.IsDefined(type.Restart))
        {
            failures.Add(Invalid(key, "Restart", type.Restart, "must be Always, OnFailure or Never"));
        }

        if (type.StopTimeout <= TimeSpan.Zero)
        {
            failures.Add(Invalid(key, "StopTimeout", type.StopTimeout, "must be positive"));
        }

        if (type.Port is < 1 or > 65535)
        {
            failures.Add(Invalid(key, "Port", type.Port, "must be between 1 and 65535"));
        }

        BackoffOptions backoff = type.Backoff;
        string backoffKey = key + ":Backoff";
        if (backoff.Initial < TimeSpan.Zero)
        {
            failures.Add(Invalid(backoffKey, "Initial", backoff.Initial, "must be 0 or more"));
        }

        if (backoff.Max < backoff.Initial)
        {
            failures.Add(Invalid(backoffKey, "Max", backoff.Max, $"must be at least Initial ({backoff.Initial.ToString("c", CultureInfo.InvariantCulture)})"));
        }

        if (!(backoff.Multiplier >= 1))
        {
            failures.Add(Invalid(backoffKey, "Multiplier", backoff.Multiplier, "must be 1 or more"));
        }

        if (!(backoff.Jitter is >= 0 and <= 1))
        {
            failures.Add(Invalid(backoffKey, "Jitter", backoff.Jitter, "must be between 0 and 1"));
        }

        if (backoff.ResetAfter <= TimeSpan.Zero)
        {
            failures.Add(Invalid(backoffKey, "ResetAfter", backoff.ResetAfter, "must be positive"));
        }
    }

    private static string Invalid(string key, string property, object? value, string rule) =>
        string.Create(CultureInfo.InvariantCulture, $"{key}:{property}: {rule}, was '{(value is TimeSpan span ? span.ToString("c", CultureInfo.InvariantCulture) : value)}'.");
}
