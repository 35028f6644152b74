using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Supervision.Extensions.Registration;

namespace Supervision.Extensions.Configuration;

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
        // Every misspelt key and unconvertible value is reported by the validator, all at once; the good keys are
        // bound, so that the validator's other checks see them too.
        var badKeys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        ConfigurationCheck.Check(section, typeof(SupervisionOptions), options.ConfigurationFailures, badKeys);
        IConfigurationSection source = badKeys.Count == 0 ? section : Without(section, badKeys);

        // The binder appends a configured list to the one code set; configured Arguments replace them instead.
        foreach (IConfigurationSection type in source.GetSection("ProcessTypes").GetChildren())
        {
            if (type.GetSection(nameof(ProcessTypeOptions.Arguments)).GetChildren().Any() && options.ProcessTypes.TryGetValue(type.Key, out ProcessTypeOptions? typeOptions))
            {
                typeOptions.Arguments = [];
            }
        }

        try
        {
            source.Bind(options, static binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException exception)
        {
            // Not expected after the check; the inner message names the key and the value.
            options.ConfigurationFailures.Add((exception.InnerException ?? exception).Message);
        }
    }

    /// <summary>A copy of <paramref name="section"/> without <paramref name="badKeys"/> and what is below them.</summary>
    private static IConfigurationSection Without(IConfigurationSection section, HashSet<string> badKeys)
    {
        IEnumerable<KeyValuePair<string, string?>> kept = section.AsEnumerable()
            .Where(pair => !badKeys.Any(bad => pair.Key.Equals(bad, StringComparison.OrdinalIgnoreCase) || pair.Key.StartsWith(bad + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase)));
        return new ConfigurationBuilder().AddInMemoryCollection(kept).Build().GetSection(section.Path);
    }
}
