using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;

namespace Supervision;

/// <summary>Declares process types and groups under the root supervisor; returned by <c>AddSupervision</c>.</summary>
public sealed class SupervisionBuilder
{
    private readonly SupervisionRegistry _registry;

    internal SupervisionBuilder(IServiceCollection services, SupervisionRegistry registry)
    {
        Services = services;
        _registry = registry;
    }

    /// <summary>Gets the service collection being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Adds an in-process process type under the root supervisor.</summary>
    /// <typeparam name="T">An <see cref="IProcess"/> implementation or a <c>BackgroundService</c> subclass.</typeparam>
    /// <param name="name">The type name; defaults to the class name in kebab case (<c>QueueWorker</c> → <c>queue-worker</c>).</param>
    /// <param name="configure">Code defaults for the type; configuration overrides them.</param>
    /// <returns>This builder.</returns>
    public SupervisionBuilder AddProcessType<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>(string? name = null, Action<ProcessTypeOptions>? configure = null)
        where T : class
    {
        SupervisionServices.AddProcessType<T>(Services, _registry.Root, name, configure);
        return this;
    }

    /// <summary>Adds a process group: a nested supervisor with its own strategy and restart intensity.</summary>
    /// <param name="name">The group name; configuration key <c>Supervision:Groups:NAME</c>.</param>
    /// <param name="configure">Declares the group's settings and children.</param>
    /// <returns>This builder.</returns>
    public SupervisionBuilder AddProcessGroup(string name, Action<ProcessGroupBuilder> configure)
    {
        ProcessGroupBuilder.Add(Services, _registry, _registry.Root, name, configure);
        return this;
    }
}
