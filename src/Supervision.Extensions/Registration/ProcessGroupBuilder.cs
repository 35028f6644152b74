using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Extensions.Configuration;
using Supervision.Extensions.Registration;

namespace Supervision;

/// <summary>
/// Declares a process group: a nested supervisor whose children are process types and groups, started in the
/// order they are added. Its settings are code defaults; <c>Supervision:Groups:NAME</c> overrides them.
/// </summary>
public sealed class ProcessGroupBuilder
{
    private readonly IServiceCollection _services;
    private readonly SupervisionRegistry _registry;
    private readonly ProcessGroupRegistration _group;

    private ProcessGroupBuilder(IServiceCollection services, SupervisionRegistry registry, ProcessGroupRegistration group)
    {
        _services = services;
        _registry = registry;
        _group = group;
    }

    /// <summary>Gets the group name.</summary>
    public string Name => _group.Name;

    /// <summary>Gets or sets which children restart when one fails.</summary>
    /// <value>The default value is <see cref="SupervisionStrategy.OneForOne"/>.</value>
    public SupervisionStrategy Strategy { get; set; } = SupervisionHostingDefaults.Group.Strategy;

    /// <summary>Gets or sets how many restarts are tolerated inside <see cref="RestartWindow"/> before the group fails to its parent; -1 never.</summary>
    /// <value>The default value is 5.</value>
    public int MaxRestarts { get; set; } = SupervisionHostingDefaults.Group.MaxRestarts;

    /// <summary>Gets or sets the sliding window in which restarts are counted.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan RestartWindow { get; set; } = SupervisionHostingDefaults.Group.RestartWindow;

    /// <summary>Gets or sets how the group stops its children.</summary>
    /// <value>The default value is <see cref="StopOrder.Reverse"/>.</value>
    public StopOrder StopOrder { get; set; } = SupervisionHostingDefaults.Group.StopOrder;

    /// <summary>Gets or sets whether the end of the group's significant children ends the group (see <see cref="ProcessGroupOptions.AutoShutdown"/>).</summary>
    /// <value>The default value is <see cref="AutoShutdown.Never"/>.</value>
    public AutoShutdown AutoShutdown { get; set; } = SupervisionHostingDefaults.Group.AutoShutdown;

    /// <summary>Adds an in-process process type to this group.</summary>
    /// <typeparam name="T">An <see cref="IProcess"/> implementation or a <c>BackgroundService</c> subclass.</typeparam>
    /// <param name="name">The type name; defaults to the class name in kebab case.</param>
    /// <param name="configure">Code defaults for the type; configuration overrides them.</param>
    /// <returns>This builder.</returns>
    public ProcessGroupBuilder AddProcessType<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>(string? name = null, Action<ProcessTypeOptions>? configure = null)
        where T : class
    {
        SupervisionServices.AddProcessType<T>(_services, _group, name, configure);
        return this;
    }

    /// <summary>Adds a child OS process type to this group: <paramref name="command"/> run without a shell.</summary>
    /// <param name="name">The type name.</param>
    /// <param name="command">The program, found on PATH unless it holds a '/'.</param>
    /// <param name="arguments">Arguments passed verbatim, no shell involved.</param>
    /// <param name="configure">Code defaults for the type; configuration overrides them.</param>
    /// <returns>This builder.</returns>
    public ProcessGroupBuilder AddChildProcessType(string name, string command, IEnumerable<string>? arguments = null, Action<ProcessTypeOptions>? configure = null)
    {
        SupervisionServices.AddChildProcessType(_services, _group, name, command, arguments, configure);
        return this;
    }

    /// <summary>Adds a child process type to this group per line of a Foreman Procfile, with the variables of a <c>.env</c> file.</summary>
    /// <param name="path">The Procfile.</param>
    /// <param name="envFile">The env file; defaults to <c>.env</c> beside the Procfile, when there is one.</param>
    /// <returns>This builder.</returns>
    public ProcessGroupBuilder AddProcfile(string path, string? envFile = null)
    {
        SupervisionServices.AddProcfile(_services, _group, path, envFile);
        return this;
    }

    /// <summary>Adds a nested process group to this group.</summary>
    /// <param name="name">The group name.</param>
    /// <param name="configure">Declares the nested group's settings and children.</param>
    /// <returns>This builder.</returns>
    public ProcessGroupBuilder AddProcessGroup(string name, Action<ProcessGroupBuilder> configure)
    {
        Add(_services, _registry, _group, name, configure);
        return this;
    }

    internal static void Add(IServiceCollection services, SupervisionRegistry registry, ProcessGroupRegistration parent, string name, Action<ProcessGroupBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        ProcessGroupBuilder? builder = null;
        var group = new ProcessGroupRegistration(name, options =>
        {
            options.Strategy = builder!.Strategy;
            options.MaxRestarts = builder.MaxRestarts;
            options.RestartWindow = builder.RestartWindow;
            options.StopOrder = builder.StopOrder;
            options.AutoShutdown = builder.AutoShutdown;
        });
        registry.Add(parent, group);
        builder = new ProcessGroupBuilder(services, registry, group);
        configure(builder);
    }
}
