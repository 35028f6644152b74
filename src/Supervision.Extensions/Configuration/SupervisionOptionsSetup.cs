using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Supervision;

/// <summary>
/// Makes <see cref="SupervisionOptions"/>: first the defaults declared in code (AddSupervision, groups, types, in
/// declaration order), then the <c>Supervision</c> configuration section over them, so configuration wins.
/// </summary>
internal sealed class SupervisionOptionsSetup(SupervisionRegistry registry, IServiceProvider services) : IConfigureOptions<SupervisionOptions>
{
    public static IConfiguration? GetSection(IServiceProvider services) =>
        services.GetService<IConfiguration>()?.GetSection(SupervisionDefaults.SectionName);

    public void Configure(SupervisionOptions options)
    {
        foreach (Action<SupervisionOptions> configure in registry.ConfigureRoot)
        {
            configure(options);
        }

        foreach (ProcessGroupRegistration group in registry.Groups)
        {
            var groupOptions = new ProcessGroupOptions();
            group.Configure?.Invoke(groupOptions);
            options.Groups[group.Name] = groupOptions;
        }

        foreach (ProcessTypeRegistration type in registry.Types)
        {
            var typeOptions = new ProcessTypeOptions();
            type.Configure?.Invoke(typeOptions);
            options.ProcessTypes[type.Name] = typeOptions;
        }

        // A misspelt key fails the start with the key's name instead of being silently ignored.
        GetSection(services)?.Bind(options, static binder => binder.ErrorOnUnknownConfiguration = true);
    }
}
