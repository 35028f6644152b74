namespace Supervision;

/// <summary>Builds the supervisor tree from what code declared and the effective options.</summary>
internal static class TreeBuilder
{
    public static SupervisorNode Build(SupervisionRegistry registry, SupervisionOptions options, IServiceProvider services, SupervisionRuntime runtime)
    {
        var ignored = new List<string>();
        Formation formation = Formation.Parse(options.Formation, ignored);
        HashSet<string>? only = ParseOnly(options.Only);

        var root = new SupervisorNode(string.Empty, options, runtime);
        AddChildren(root, registry.Root, options, formation, only, services, runtime);
        return root;
    }

    public static HashSet<string>? ParseOnly(string? only) =>
        string.IsNullOrWhiteSpace(only)
            ? null
            : new HashSet<string>(only.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), StringComparer.OrdinalIgnoreCase);

    private static void AddChildren(SupervisorNode node, ProcessGroupRegistration group, SupervisionOptions options, Formation formation, HashSet<string>? only, IServiceProvider services, SupervisionRuntime runtime)
    {
        foreach (object child in group.Children)
        {
            switch (child)
            {
                case ProcessTypeRegistration type when only is null || only.Contains(type.Name):
                    ProcessTypeOptions typeOptions = options.ProcessTypes.TryGetValue(type.Name, out ProcessTypeOptions? configured) ? configured : new ProcessTypeOptions();
                    int count = formation.CountOf(type.Name, typeOptions.Count);
                    node.AddType(new ProcessTypeSpec(type.Name, group.Name.Length == 0 ? null : group.Name, count, typeOptions, type.CreateLauncher(services)));
                    break;

                case ProcessGroupRegistration nested:
                    ProcessGroupOptions groupOptions = options.Groups.TryGetValue(nested.Name, out ProcessGroupOptions? found) ? found : new ProcessGroupOptions();
                    var nestedNode = new SupervisorNode(nested.Name, groupOptions, runtime);
                    AddChildren(nestedNode, nested, options, formation, only, services, runtime);
                    node.AddGroup(nestedNode);
                    break;
            }
        }
    }
}
