using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Supervision.Extensions.Configuration;

/// <summary>
/// Checks the configuration section against the option types before binding, so that every problem is reported at
/// once (the binder stops at the first): a key no option takes (a misspelt <c>Cuont</c>), a value its key's type
/// cannot hold (<c>Count: many</c>), an enum given by number (<c>Output: 7</c>) and an environment variable name that
/// no process can be given. Walks the option types by reflection: properties, dictionaries of option types, nested
/// option objects.
/// </summary>
internal static class ConfigurationCheck
{
    /// <summary>Adds one message per problem to <paramref name="failures"/> and the path of each bad key to <paramref name="badKeys"/>.</summary>
    // The walk reaches the option types through property types, which the trimmer cannot follow: every option type is
    // kept here by name (ConfigurationCheckTests lists the ones reachable from SupervisionOptions against these).
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(SupervisionOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(ProcessGroupOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(ProcessTypeOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(BackoffOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(ReadinessOptions))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(LivenessOptions))]
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Only the option types above, whose public properties are kept.")]
    public static void Check(IConfigurationSection section, Type optionsType, List<string> failures, HashSet<string> badKeys)
    {
        foreach (IConfigurationSection child in section.GetChildren())
        {
            PropertyInfo? property = optionsType.GetProperty(child.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                string known = string.Join(", ", optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(static p => p.Name));
                Fail(child, $"unknown setting '{child.Key}' (known: {known}).");
                continue;
            }

            Type type = property.PropertyType;
            if (DictionaryValueType(type) is { } valueType && IsOptionsType(valueType))
            {
                foreach (IConfigurationSection entry in child.GetChildren())
                {
                    Check(entry, valueType, failures, badKeys);
                }
            }
            else if (DictionaryValueType(type) == typeof(string))
            {
                foreach (IConfigurationSection variable in child.GetChildren())
                {
                    CheckVariable(variable);
                }
            }
            else if (type == typeof(IList<string>))
            {
                foreach (IConfigurationSection item in child.GetChildren())
                {
                    if (item.Value is { } text && text.Contains('\0', StringComparison.Ordinal))
                    {
                        Fail(item, $"must not hold a NUL character, was '{Printable(text)}'.");
                    }
                }
            }
            else if (IsOptionsType(type))
            {
                Check(child, type, failures, badKeys);
            }
            else if (child.Value is { } value && Problem(Nullable.GetUnderlyingType(type) ?? type, value) is { } problem)
            {
                Fail(child, $"{problem}, was '{Printable(value)}'.");
            }
        }

        void CheckVariable(IConfigurationSection variable)
        {
            // The configuration key is the variable's name; a name with '=' or a control character cannot be passed on.
            if (variable.Key.Length == 0 || variable.Key.Contains('=', StringComparison.Ordinal) || variable.Key.Any(char.IsControl))
            {
                Fail(variable, $"'{Printable(variable.Key)}' is not an environment variable name (no '=', no control characters).");
            }
            else if (variable.Value is { } value && value.Contains('\0', StringComparison.Ordinal))
            {
                Fail(variable, $"an environment variable cannot hold a NUL character, was '{Printable(value)}'.");
            }
        }

        void Fail(IConfigurationSection key, string message)
        {
            failures.Add($"{key.Path}: {message}");
            badKeys.Add(key.Path);
        }
    }

    /// <summary>Why <paramref name="value"/> cannot be a <paramref name="type"/>, or <see langword="null"/>.</summary>
    private static string? Problem(Type type, string value)
    {
        if (type == typeof(string))
        {
            return value.Contains('\0', StringComparison.Ordinal) ? "must not hold a NUL character" : null;
        }

        if (type.IsEnum)
        {
            // The binder also takes numbers ("7"); only the names are meant.
            bool named = Enum.GetNames(type).Contains(value.Trim(), StringComparer.OrdinalIgnoreCase);
            return named ? null : $"must be {Alternatives(Enum.GetNames(type))}";
        }

        if (type == typeof(int))
        {
            return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? null : "must be a whole number";
        }

        if (type == typeof(double))
        {
            return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && double.IsFinite(number) ? null : "must be a number";
        }

        if (type == typeof(TimeSpan))
        {
            return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out _) ? null : "must be a duration such as 00:00:10 (hh:mm:ss) or 1.00:00:00 (d.hh:mm:ss)";
        }

        return null;
    }

    internal static string Alternatives(IReadOnlyList<string> names) =>
        names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " or " + names[^1];

    internal static string Printable(string text) => Procfile.Printable(text);

    private static bool IsOptionsType(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type);

    private static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDictionary<,>) ? type.GetGenericArguments()[1] : null;
}
