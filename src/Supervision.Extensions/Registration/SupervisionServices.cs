using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Supervision.Extensions.Configuration;
using Supervision.Extensions.Formations;
using Supervision.Extensions.Hosting;
using Supervision.Extensions.Procfiles;

namespace Supervision.Extensions.Registration;

/// <summary>
/// The one implementation behind every registration overload: the shared services are added once per service
/// collection (the registry's descriptor is the marker), then each type or group is recorded in the registry.
/// </summary>
internal static class SupervisionServices
{
    public static SupervisionRegistry GetOrAddRegistry(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        foreach (ServiceDescriptor descriptor in services)
        {
            if (descriptor.ServiceType == typeof(SupervisionRegistry) && descriptor.ImplementationInstance is SupervisionRegistry existing)
            {
                return existing;
            }
        }

        var registry = new SupervisionRegistry();
        services.AddSingleton(registry);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<SupervisionOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<SupervisionOptions>, SupervisionOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SupervisionOptions>, SupervisionOptionsValidator>());
        services.AddSingleton<IOptionsChangeTokenSource<SupervisionOptions>, SupervisionReloadGate>();
        // Built when first resolved, from the options as they are then (validated: an invalid configuration throws here).
        services.TryAddSingleton(static sp => ProcessDefinitions.BuildSupervisor(
            sp.GetRequiredService<SupervisionRegistry>(), sp.GetRequiredService<IOptionsMonitor<SupervisionOptions>>().CurrentValue, sp));
        services.TryAddSingleton<ISupervisor>(static sp => sp.GetRequiredService<Supervisor>());
        // Before the formation's start, which returns only once it is ready: status lines and the watchdog cover the start too.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SystemdNotifications>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SupervisionHostedService>());
        return registry;
    }

    public static void AddChildProcessType(
        IServiceCollection services, ProcessGroupRegistration? parent, string name, string command, IEnumerable<string>? arguments, Action<ProcessTypeOptions>? configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        SupervisionRegistry registry = GetOrAddRegistry(services);
        string[] fixedArguments = arguments?.ToArray() ?? [];
        registry.Add(parent ?? registry.Root, new ProcessTypeRegistration(name, null, options =>
        {
            options.Command = command;
            options.Arguments = [.. fixedArguments];
            configure?.Invoke(options);
        }));
    }

    /// <summary>
    /// Adds a child process type per line of a Foreman Procfile, each run through <c>/bin/sh -c</c> in the
    /// Procfile's directory, with the variables of <paramref name="envFile"/> (default: <c>.env</c> beside the
    /// Procfile, when there is one).
    /// </summary>
    public static void AddProcfile(IServiceCollection services, ProcessGroupRegistration? parent, string path, string? envFile)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string procfile = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(procfile)!;
        Procfile entries = Procfile.Read(procfile);
        GetOrAddRegistry(services).Warnings.AddRange(entries.Warnings);
        string envPath = envFile is null ? Path.Combine(directory, ".env") : Path.GetFullPath(envFile);
        Dictionary<string, string> variables = envFile is not null || File.Exists(envPath)
            ? DotEnv.Parse(File.ReadAllText(envPath), envPath)
            : [];
        foreach (ProcfileEntry entry in entries.Entries)
        {
            AddChildProcessType(services, parent, entry.Name, "/bin/sh", ["-c", entry.Command], options =>
            {
                options.WorkingDirectory = directory;
                foreach ((string key, string value) in variables)
                {
                    options.Environment[key] = value;
                }
            });
        }
    }

    public static void AddProcessType<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>(
        IServiceCollection services, ProcessGroupRegistration? parent, string? name, Action<ProcessTypeOptions>? configure)
        where T : class
    {
        SupervisionRegistry registry = GetOrAddRegistry(services);
        Func<IServiceProvider, IProcess> resolve;
        if (typeof(IProcess).IsAssignableFrom(typeof(T)))
        {
            resolve = static scoped => (IProcess)scoped.GetRequiredService<T>();
        }
        else if (typeof(BackgroundService).IsAssignableFrom(typeof(T)))
        {
            resolve = static scoped => new BackgroundServiceProcess((BackgroundService)(object)scoped.GetRequiredService<T>());
        }
        else
        {
            throw new ArgumentException($"{typeof(T).FullName} cannot be a process type: it must implement {nameof(IProcess)} or derive from {nameof(BackgroundService)}.", nameof(T));
        }

        // Transient, resolved from a scope made for each run: every start and restart gets a fresh instance.
        services.TryAddTransient<T>();
        registry.Add(
            parent ?? registry.Root,
            new ProcessTypeRegistration(
                name ?? ProcessTypeName.FromType(typeof(T)),
                resolve,
                configure));
    }
}
