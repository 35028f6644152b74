using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Supervision;

/// <summary>Builds the supervisor tree from the formation walk: a node per group, a type slot per type that runs here.</summary>
internal sealed class TreeBuilder : FormationWalker
{
    private readonly IServiceProvider _services;
    private readonly SupervisionRuntime _runtime;
    private readonly HashSet<string>? _only;
    private readonly ILoggerFactory _loggers;
    private readonly Lazy<PrefixConsole> _console;
    private readonly Stack<SupervisorNode> _nodes = new();

    private TreeBuilder(SupervisionRegistry registry, SupervisionOptions options, IServiceProvider services, SupervisionRuntime runtime)
        : base(registry, options)
    {
        _services = services;
        _runtime = runtime;
        _only = ParseOnly(options.Only);
        _loggers = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        _console = new Lazy<PrefixConsole>(() => services.GetService<PrefixConsole>() ?? PrefixConsole.ForStandardOutput(runtime.Time));
    }

    public static SupervisorNode Build(SupervisionRegistry registry, SupervisionOptions options, IServiceProvider services, SupervisionRuntime runtime)
    {
        var builder = new TreeBuilder(registry, options, services, runtime);
        var root = new SupervisorNode(string.Empty, options, runtime);
        builder._nodes.Push(root);
        builder.Walk();
        return root;
    }

    public static HashSet<string>? ParseOnly(string? only) =>
        string.IsNullOrWhiteSpace(only)
            ? null
            : new HashSet<string>(only.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), StringComparer.OrdinalIgnoreCase);

    protected override void OnGroupStart(ProcessGroupRegistration group, ProcessGroupOptions options) =>
        _nodes.Push(new SupervisorNode(group.Name, options, _runtime));

    protected override void OnGroupEnd(ProcessGroupRegistration group)
    {
        SupervisorNode node = _nodes.Pop();
        _nodes.Peek().AddGroup(node);
    }

    protected override void OnType(PlannedType type)
    {
        // Types left out by Only still took their index in the walk, so the Foreman port of a type does not depend on Only.
        if (_only is not null && !_only.Contains(type.Name))
        {
            return;
        }

        ProcessLauncher launcher;
        if (type.Registration?.CreateLauncher is { } createLauncher)
        {
            launcher = createLauncher(_services);
        }
        else
        {
            launcher = new ChildProcessLauncher(type.Options, type.TypeIndex, _loggers.CreateLogger("Supervision." + type.Name), _console.Value, _runtime.Time);
            if (type.Options.Output == ChildOutputMode.Prefix)
            {
                // Foreman pads every name to the longest one from the first line on.
                for (int instance = 1; instance <= type.Count; instance++)
                {
                    _console.Value.Register($"{type.Name}.{instance}");
                }
            }
        }

        SupervisorNode node = _nodes.Peek();
        node.AddType(new ProcessTypeSpec(type.Name, node.Name.Length == 0 ? null : node.Name, type.Count, type.Options, type.Port, launcher));
    }
}
