using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Supervision;

namespace Microsoft.Extensions.Hosting;

/// <summary>Adds Supervision process types to an <see cref="IHostApplicationBuilder"/>.</summary>
public static class SupervisionHostApplicationBuilderExtensions
{
    /// <summary>Adds an in-process process type under the root supervisor.</summary>
    /// <typeparam name="T">An <see cref="IProcess"/> implementation or a <see cref="BackgroundService"/> subclass.</typeparam>
    /// <param name="builder">The host application builder.</param>
    /// <param name="name">The type name; defaults to the class name in kebab case.</param>
    /// <param name="configure">Code defaults for the type; configuration overrides them.</param>
    /// <returns>The host application builder.</returns>
    public static IHostApplicationBuilder AddProcessType<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>(
        this IHostApplicationBuilder builder, string? name = null, Action<ProcessTypeOptions>? configure = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddProcessType<T>(name, configure);
        return builder;
    }
}
