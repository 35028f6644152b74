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

    /// <summary>Adds a child OS process type under the root supervisor: <paramref name="command"/> run without a shell.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The type name.</param>
    /// <param name="command">The program, found on PATH unless it holds a '/'.</param>
    /// <param name="arguments">Arguments passed verbatim, no shell involved.</param>
    /// <param name="configure">Code defaults for the type; <c>Supervision:ProcessTypes:NAME</c> overrides them.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddChildProcessType(
        this IServiceCollection services, string name, string command, IEnumerable<string>? arguments = null, Action<ProcessTypeOptions>? configure = null)
    {
        SupervisionServices.AddChildProcessType(services, null, name, command, arguments, configure);
        return services;
    }

    /// <summary>
    /// Adds a child process type per line of a Foreman Procfile (<c>name: command</c>), each command run through
    /// <c>/bin/sh -c</c> in the Procfile's directory with the variables of a <c>.env</c> file.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="path">The Procfile.</param>
    /// <param name="envFile">The env file; defaults to <c>.env</c> beside the Procfile, when there is one.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="FormatException">A line of the Procfile or env file is malformed; the message gives its line number.</exception>
    public static IServiceCollection AddProcfile(this IServiceCollection services, string path, string? envFile = null)
    {
        SupervisionServices.AddProcfile(services, null, path, envFile);
        return services;
    }
}
