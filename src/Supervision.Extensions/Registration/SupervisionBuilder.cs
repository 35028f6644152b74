using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Extensions.Registration;

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

    /// <summary>Adds a child OS process type under the root supervisor: <paramref name="command"/> run without a shell.</summary>
    /// <param name="name">The type name.</param>
    /// <param name="command">The program, found on PATH unless it holds a '/'.</param>
    /// <param name="arguments">Arguments passed verbatim, no shell involved.</param>
    /// <param name="configure">Code defaults for the type; configuration overrides them.</param>
    /// <returns>This builder.</returns>
    public SupervisionBuilder AddChildProcessType(string name, string command, IEnumerable<string>? arguments = null, Action<ProcessTypeOptions>? configure = null)
    {
        SupervisionServices.AddChildProcessType(Services, _registry.Root, name, command, arguments, configure);
        return this;
    }

    /// <summary>Adds a child process type under the root supervisor per line of a Foreman Procfile, with the variables of a <c>.env</c> file.</summary>
    /// <param name="path">The Procfile.</param>
    /// <param name="envFile">The env file; defaults to <c>.env</c> beside the Procfile, when there is one.</param>
    /// <returns>This builder.</returns>
    public SupervisionBuilder AddProcfile(string path, string? envFile = null)
    {
        SupervisionServices.AddProcfile(Services, _registry.Root, path, envFile);
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
