using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Supervision.Extensions.Registration;

namespace Supervision.Extensions.Formations;

/// <summary>
/// Turns what code registered and configuration says into the engine's definitions, through the formation walk:
/// a group definition per group, a type definition per type that runs in this host (<c>Only</c>), with its count
/// from the formation and its port by the Foreman rule; then builds the <see cref="Supervisor"/> on them.
/// </summary>
internal sealed class ProcessDefinitions : FormationWalker
{
    private readonly HashSet<string>? _only;
    private readonly SupervisorBuilder _builder;

    // The types that run in this host, in start order.
    private readonly List<ProcessTypeDefinition> _selected = [];

    // The groups being walked, innermost on top; the root's children go to the builder.
    private readonly Stack<ProcessGroupDefinition> _groups = new();

    private ProcessDefinitions(SupervisionRegistry registry, SupervisionOptions options, SupervisorBuilder builder)
        : base(registry, options)
    {
        _only = ParseOnly(options.Only);
        _builder = builder;
    }

    /// <summary>Builds the host's supervisor from the registry and the current options.</summary>
    public static Supervisor BuildSupervisor(SupervisionRegistry registry, SupervisionOptions options, IServiceProvider services)
    {
        var builder = new SupervisorBuilder
        {
            TimeProvider = services.GetRequiredService<TimeProvider>(),
            LoggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
            MeterFactory = services.GetService<IMeterFactory>(),
            Services = services,
        };
        builder.Options.Strategy = options.Strategy;
        builder.Options.MaxRestarts = options.MaxRestarts;
        builder.Options.RestartWindow = options.RestartWindow;
        builder.Options.StopOrder = options.StopOrder;
        builder.Options.AutoShutdown = options.AutoShutdown;

        var definitions = new ProcessDefinitions(registry, options, builder);
        definitions.Walk();
        if (definitions._only is not null && definitions._selected.Count > 0 && definitions._selected.TrueForAll(static t => t.Options.Readiness.Probe == ReadinessProbe.Completed))
        {
            // A host that runs only init steps (an init container, a oneshot unit) is done once they all completed.
            foreach (ProcessTypeDefinition initStep in definitions._selected)
            {
                initStep.Options.Significant = true;
            }

            builder.Options.AutoShutdown = AutoShutdown.AllSignificant;
        }

        return builder.Build();
    }

    public static HashSet<string>? ParseOnly(string? only) =>
        string.IsNullOrWhiteSpace(only)
            ? null
            : new HashSet<string>(only.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), StringComparer.OrdinalIgnoreCase);

    protected override void OnGroupStart(ProcessGroupRegistration group, ProcessGroupOptions options) =>
        _groups.Push(new ProcessGroupDefinition(group.Name, options));

    protected override void OnGroupEnd(ProcessGroupRegistration group)
    {
        ProcessGroupDefinition done = _groups.Pop();
        if (_groups.TryPeek(out ProcessGroupDefinition? parent))
        {
            parent.Add(done);
        }
        else
        {
            _builder.Add(done);
        }
    }

    protected override void OnType(PlannedType type)
    {
        // Types left out by Only still took their index in the walk, so the Foreman port of a type does not depend on Only.
        if (_only is not null && !_only.Contains(type.Name))
        {
            return;
        }

        ProcessTypeDefinition definition = type.Registration?.CreateWorker is { } createWorker
            ? new ProcessTypeDefinition(type.Name, createWorker, type.Options) { Count = type.Count, Port = type.Port }
            : new ProcessTypeDefinition(type.Name, type.Options) { Count = type.Count, Port = type.Port };
        _selected.Add(definition);
        if (_groups.TryPeek(out ProcessGroupDefinition? group))
        {
            group.Add(definition);
        }
        else
        {
            _builder.Add(definition);
        }
    }
}
