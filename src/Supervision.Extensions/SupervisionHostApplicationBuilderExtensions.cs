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

    /// <summary>Adds a child OS process type under the root supervisor: <paramref name="command"/> run without a shell.</summary>
    /// <param name="builder">The host application builder.</param>
    /// <param name="name">The type name.</param>
    /// <param name="command">The program, found on PATH unless it holds a '/'.</param>
    /// <param name="arguments">Arguments passed verbatim, no shell involved.</param>
    /// <param name="configure">Code defaults for the type; configuration overrides them.</param>
    /// <returns>The host application builder.</returns>
    public static IHostApplicationBuilder AddChildProcessType(
        this IHostApplicationBuilder builder, string name, string command, IEnumerable<string>? arguments = null, Action<ProcessTypeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddChildProcessType(name, command, arguments, configure);
        return builder;
    }

    /// <summary>Adds a child process type per line of a Foreman Procfile, with the variables of a <c>.env</c> file.</summary>
    /// <param name="builder">The host application builder.</param>
    /// <param name="path">The Procfile.</param>
    /// <param name="envFile">The env file; defaults to <c>.env</c> beside the Procfile, when there is one.</param>
    /// <returns>The host application builder.</returns>
    public static IHostApplicationBuilder AddProcfile(this IHostApplicationBuilder builder, string path, string? envFile = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddProcfile(path, envFile);
        return builder;
    }

    /// <summary>Adds a control socket at <paramref name="path"/>: see <see cref="SupervisionServiceCollectionExtensions.AddSupervisionControlSocket"/>.</summary>
    /// <param name="builder">The host application builder.</param>
    /// <param name="path">The socket's path.</param>
    /// <returns>The host application builder.</returns>
    public static IHostApplicationBuilder AddSupervisionControlSocket(this IHostApplicationBuilder builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSupervisionControlSocket(path);
        return builder;
    }
}
