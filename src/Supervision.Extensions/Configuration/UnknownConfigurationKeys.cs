using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Supervision;

/// <summary>
/// Finds keys in the configuration section that no option property takes: a misspelt <c>Cuont</c> is reported
/// with its full path instead of being ignored. Walks the option types by reflection: properties, dictionaries
/// of option types, and nested option objects.
/// </summary>
internal static class UnknownConfigurationKeys
{
    public static void Find(IConfigurationSection section, Type optionsType, List<string> failures)
    {
        foreach (IConfigurationSection child in section.GetChildren())
        {
            PropertyInfo? property = optionsType.GetProperty(child.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                string known = string.Join(", ", optionsType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(static p => p.Name));
                failures.Add($"{child.Path}: unknown setting '{child.Key}' (known: {known}).");
                continue;
            }

            Type type = property.PropertyType;
            if (DictionaryValueType(type) is { } valueType && IsOptionsType(valueType))
            {
                foreach (IConfigurationSection entry in child.GetChildren())
                {
                    Find(entry, valueType, failures);
                }
            }
            else if (IsOptionsType(type))
            {
                Find(child, type, failures);
            }
        }
    }

    private static bool IsOptionsType(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type);

    private static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDictionary<,>) ? type.GetGenericArguments()[1] : null;
}
