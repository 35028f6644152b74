using System.Diagnostics.CodeAnalysis;
using Supervision;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Supervision to an <see cref="IServiceCollection"/>.</summary>
public static class SupervisionServiceCollectionExtensions
{
    /// <summary>
    /// Adds the supervisor tree, its hosted service and <see cref="ISupervisor"/>; binds the <c>Supervision</c>
    /// configuration section over the code defaults and validates it when the host starts.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Code defaults for the root supervisor; configuration overrides them.</param>
    /// <returns>A builder to declare process types and groups.</returns>
    public static SupervisionBuilder AddSupervision(this IServiceCollection services, Action<SupervisionOptions>? configure = null)
    {
        SupervisionRegistry registry = SupervisionServices.GetOrAddRegistry(services);
        if (configure is not null)
        {
            registry.ConfigureRoot.Add(configure);
        }

        return new SupervisionBuilder(services, registry);
    }

    /// <summary>Adds an in-process process type under the root supervisor (and Supervision itself, once).</summary>
    /// <typeparam name="T">An <see cref="IProcess"/> implementation or a <c>BackgroundService</c> subclass.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The type name; defaults to the class name in kebab case (<c>QueueWorker</c> → <c>queue-worker</c>).</param>
    /// <param name="configure">Code defaults for the type; <c>Supervision:ProcessTypes:NAME</c> overrides them.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddProcessType<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>(
        this IServiceCollection services, string? name = null, Action<ProcessTypeOptions>? configure = null)
        where T : class
    {
        SupervisionServices.AddProcessType<T>(services, null, name, configure);
        return services;
    }
}
