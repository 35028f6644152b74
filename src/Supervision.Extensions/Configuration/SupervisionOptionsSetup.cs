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
    public static IConfigurationSection? GetSection(IServiceProvider services) =>
        services.GetService<IConfiguration>()?.GetSection(SupervisionHostingDefaults.SectionName);

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

        if (GetSection(services) is { } section)
        {
            Bind(section, options);
        }

        // The command line is the most specific source: --process-type replaces Supervision:Only.
        List<string> only = ProcessTypeSwitch.Read(services.GetService<IConfiguration>(), Environment.GetCommandLineArgs()[1..]);
        if (only.Count > 0)
        {
            options.Only = string.Join(',', only);
            options.OnlyKey = ProcessTypeSwitch.Switch;
        }
    }

    private static void Bind(IConfigurationSection section, SupervisionOptions options)
    {
        // A misspelt key fails the start with its full path instead of being silently ignored.
        var unknown = new List<string>();
        UnknownConfigurationKeys.Find(section, typeof(SupervisionOptions), unknown);
        if (unknown.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(SupervisionOptions), unknown);
        }

        // The binder appends a configured list to the one code set; configured Arguments replace them instead.
        foreach (IConfigurationSection type in section.GetSection("ProcessTypes").GetChildren())
        {
            if (type.GetSection(nameof(ProcessTypeOptions.Arguments)).GetChildren().Any() && options.ProcessTypes.TryGetValue(type.Key, out ProcessTypeOptions? typeOptions))
            {
                typeOptions.Arguments = [];
            }
        }

        try
        {
            section.Bind(options, static binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException exception) when (exception.InnerException is InvalidOperationException inner)
        {
            // The binder's outer message is generic; the inner one names the key and the value.
            throw new InvalidOperationException(inner.Message, exception);
        }
    }
}
