using System.Diagnostics.CodeAnalysis;
using Supervision;
using Supervision.Extensions.Control;
using Supervision.Extensions.Registration;

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

    /// <summary>
    /// Adds a control socket at <paramref name="path"/> (and Supervision itself, once): a Unix domain socket, mode 0600,
    /// for tools such as <c>supervise status | scale | restart | logs | signal</c>, speaking one line of JSON per request
    /// and per answer (see the README). It opens before the host starts anything, and the host fails to start when the
    /// path is taken by a host that is running (a socket left by one that is not is replaced), or when its directory is
    /// not the host user's own. Connections from another user id are refused (<c>SO_PEERCRED</c>). The socket file is
    /// removed when the host stops.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="path">The socket's path, at most 107 bytes once made absolute, in a directory owned by the host's user and writable by nobody else.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="PlatformNotSupportedException">Not on Linux.</exception>
    public static IServiceCollection AddSupervisionControlSocket(this IServiceCollection services, string path)
    {
        ControlSocketRegistration.Add(services, path);
        return services;
    }
}
