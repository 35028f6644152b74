using Supervision.Extensions.Configuration;
using Supervision.Extensions.Registration;

namespace Supervision.Extensions.Formations;

/// <summary>
/// Walks the formation in start order: what code declared (types and nested groups, as registered), then the
/// child process types that exist only in configuration (a <c>Command</c> and no registration), in key order. Both
/// the supervisor tree and the formation export are built on this one walk, so their order and ports agree.
/// </summary>
internal abstract class FormationWalker
{
    private readonly SupervisionRegistry _registry;
    private readonly Formation _formation;
    private int _typeIndex;

    protected FormationWalker(SupervisionRegistry registry, SupervisionOptions options)
    {
        _registry = registry;
        Options = options;
        _formation = Formation.Parse(options.Formation, []);
    }

    protected SupervisionOptions Options { get; }

    /// <summary>The child process types that exist only in configuration: a <c>Command</c> and no registration.</summary>
    public static IEnumerable<string> ConfiguredOnly(SupervisionRegistry registry, SupervisionOptions options)
    {
        var registered = new HashSet<string>(registry.Types.Select(static t => t.Name), StringComparer.OrdinalIgnoreCase);
        return options.ProcessTypes
            .Where(t => t.Value.Command is not null && !registered.Contains(t.Key))
            .Select(static t => t.Key)
            .Order(StringComparer.OrdinalIgnoreCase);
    }

    protected void Walk()
    {
        WalkChildren(_registry.Root);
        foreach (string name in ConfiguredOnly(_registry, Options))
        {
            OnType(Plan(name, null));
        }
    }

    protected abstract void OnType(PlannedType type);

    protected virtual void OnGroupStart(ProcessGroupRegistration group, ProcessGroupOptions options)
    {
    }

    protected virtual void OnGroupEnd(ProcessGroupRegistration group)
    {
    }

    private void WalkChildren(ProcessGroupRegistration group)
    {
        foreach (object child in group.Children)
        {
            switch (child)
            {
                case ProcessTypeRegistration type:
                    OnType(Plan(type.Name, type));
                    break;

                case ProcessGroupRegistration nested:
                    OnGroupStart(nested, Options.Groups.TryGetValue(nested.Name, out ProcessGroupOptions? found) ? found : new ProcessGroupOptions());
                    WalkChildren(nested);
                    OnGroupEnd(nested);
                    break;
            }
        }
    }

    private PlannedType Plan(string name, ProcessTypeRegistration? registration)
    {
        int typeIndex = _typeIndex++;
        ProcessTypeOptions options = Options.ProcessTypes.TryGetValue(name, out ProcessTypeOptions? configured) ? configured : new ProcessTypeOptions();
        bool isChild = registration?.IsChildProcess ?? true;
        int? port = options.Port ?? (isChild ? Options.PortBase + (SupervisionHostingDefaults.PortStepPerType * typeIndex) : null);
        return new PlannedType(name, registration, options, typeIndex, _formation.CountOf(name, options.Count), port);
    }
}
