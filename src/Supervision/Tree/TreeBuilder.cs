using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Supervision;

/// <summary>
/// Builds the supervisor tree from what code declared and the effective options. Child process types configured
/// only in configuration (a <c>Command</c> and no registration) come last under the root, in key order.
/// </summary>
internal sealed class TreeBuilder
{
    private readonly SupervisionOptions _options;
    private readonly IServiceProvider _services;
    private readonly SupervisionRuntime _runtime;
    private readonly Formation _formation;
    private readonly HashSet<string>? _only;
    private readonly ILoggerFactory _loggers;
    private readonly Lazy<PrefixConsole> _console;
    private int _typeIndex;

    private TreeBuilder(SupervisionOptions options, IServiceProvider services, SupervisionRuntime runtime)
    {
        _options = options;
        _services = services;
        _runtime = runtime;
        _formation = Formation.Parse(options.Formation, []);
        _only = ParseOnly(options.Only);
        _loggers = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        _console = new Lazy<PrefixConsole>(() => services.GetService<PrefixConsole>() ?? PrefixConsole.ForStandardOutput(runtime.Time));
    }

    public static SupervisorNode Build(SupervisionRegistry registry, SupervisionOptions options, IServiceProvider services, SupervisionRuntime runtime)
    {
        var builder = new TreeBuilder(options, services, runtime);
        var root = new SupervisorNode(string.Empty, options, runtime);
        builder.AddChildren(root, registry.Root);
        foreach (string name in ConfiguredOnly(registry, options))
        {
            builder.AddType(root, null, name, null);
        }

        return root;
    }

    /// <summary>The child process types that exist only in configuration: a <c>Command</c> and no registration.</summary>
    public static IEnumerable<string> ConfiguredOnly(SupervisionRegistry registry, SupervisionOptions options)
    {
        var registered = new HashSet<string>(registry.Types.Select(static t => t.Name), StringComparer.OrdinalIgnoreCase);
        return options.ProcessTypes
            .Where(t => t.Value.Command is not null && !registered.Contains(t.Key))
            .Select(static t => t.Key)
            .Order(StringComparer.OrdinalIgnoreCase);
    }

    public static HashSet<string>? ParseOnly(string? only) =>
        string.IsNullOrWhiteSpace(only)
            ? null
            : new HashSet<string>(only.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), StringComparer.OrdinalIgnoreCase);

    private void AddChildren(SupervisorNode node, ProcessGroupRegistration group)
    {
        foreach (object child in group.Children)
        {
            switch (child)
            {
                case ProcessTypeRegistration type:
                    AddType(node, group.Name.Length == 0 ? null : group.Name, type.Name, type.CreateLauncher);
                    break;

                case ProcessGroupRegistration nested:
                    ProcessGroupOptions groupOptions = _options.Groups.TryGetValue(nested.Name, out ProcessGroupOptions? found) ? found : new ProcessGroupOptions();
                    var nestedNode = new SupervisorNode(nested.Name, groupOptions, _runtime);
                    AddChildren(nestedNode, nested);
                    node.AddGroup(nestedNode);
                    break;
            }
        }
    }

    private void AddType(SupervisorNode node, string? group, string name, Func<IServiceProvider, ProcessLauncher>? createLauncher)
    {
        // Every type has an index, run or not, so that the Foreman port of a type does not depend on Only.
        int typeIndex = _typeIndex++;
        if (_only is not null && !_only.Contains(name))
        {
            return;
        }

        ProcessTypeOptions options = _options.ProcessTypes.TryGetValue(name, out ProcessTypeOptions? configured) ? configured : new ProcessTypeOptions();
        int count = _formation.CountOf(name, options.Count);
        ProcessLauncher launcher;
        int? portBase = options.Port;
        if (createLauncher is not null)
        {
            launcher = createLauncher(_services);
        }
        else
        {
            portBase ??= _options.PortBase + (SupervisionDefaults.PortStepPerType * typeIndex);
            launcher = new ChildProcessLauncher(options, typeIndex, _loggers.CreateLogger("Supervision." + name), _console.Value, _runtime.Time);
            if (options.Output == ChildOutputMode.Prefix)
            {
                // Foreman pads every name to the longest one from the first line on.
                for (int instance = 1; instance <= count; instance++)
                {
                    _console.Value.Register($"{name}.{instance}");
                }
            }
        }

        node.AddType(new ProcessTypeSpec(name, group, count, options, portBase, launcher));
    }
}
