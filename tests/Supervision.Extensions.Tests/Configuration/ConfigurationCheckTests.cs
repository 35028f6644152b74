using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Supervision.Extensions.Tests.Configuration;

public sealed class ConfigurationCheckTests
{
    /// <summary>
    /// Under trimming and Native AOT the check sees only the option types it keeps by name: a new nested option type
    /// must be added to its list, or its keys would all be reported unknown in a published app.
    /// </summary>
    [Fact(Timeout = 10_000)]
    public void Check_keeps_the_properties_of_every_option_type_reachable_from_SupervisionOptions()
    {
        MethodInfo check = typeof(ConfigurationCheck).GetMethod(nameof(ConfigurationCheck.Check))!;
        HashSet<Type> kept = [.. check.GetCustomAttributes<DynamicDependencyAttribute>()
            .Where(static d => d.MemberTypes.HasFlag(DynamicallyAccessedMemberTypes.PublicProperties))
            .Select(static d => d.Type!)];

        HashSet<Type> reachable = [];
        Walk(typeof(SupervisionOptions), reachable);

        Assert.Empty(reachable.Except(kept).Select(static t => t.Name));
    }

    private static void Walk(Type type, HashSet<Type> reachable)
    {
        if (!reachable.Add(type))
        {
            return;
        }

        for (Type? level = type.BaseType; level is not null && level != typeof(object); level = level.BaseType)
        {
            Walk(level, reachable);
        }

        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            Type valueType = property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(IDictionary<,>)
                ? property.PropertyType.GetGenericArguments()[1]
                : property.PropertyType;
            if (valueType.IsClass && valueType != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(valueType))
            {
                Walk(valueType, reachable);
            }
        }
    }
}
