namespace Supervision;

/// <summary>A process group as the engine runs it: a nested supervisor with its own strategy and restart intensity, and its children in start order.</summary>
public sealed class ProcessGroupDefinition
{
    private readonly List<ProcessTreeNode> _children = [];

    /// <summary>Defines a group named <paramref name="name"/>.</summary>
    /// <param name="name">The group name.</param>
    /// <param name="options">How the group treats its failing children; defaults when <see langword="null"/>.</param>
    public ProcessGroupDefinition(string name, ProcessGroupOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Options = options ?? new ProcessGroupOptions();
    }

    // The root: a group without a name.
    internal ProcessGroupDefinition(ProcessGroupOptions options)
    {
        Name = string.Empty;
        Options = options;
    }

    /// <summary>Gets the group name.</summary>
    public string Name { get; }

    /// <summary>Gets how the group treats its failing children.</summary>
    public ProcessGroupOptions Options { get; }

    internal IReadOnlyList<ProcessTreeNode> Children => _children;

    /// <summary>Adds a process type after the children added before it (it starts after them, and stops before them).</summary>
    /// <param name="type">The process type.</param>
    /// <returns>This group, to chain calls.</returns>
    public ProcessGroupDefinition Add(ProcessTypeDefinition type)
    {
        ArgumentNullException.ThrowIfNull(type);
        _children.Add(new ProcessTreeNode(type, null));
        return this;
    }

    /// <summary>Adds a nested group after the children added before it.</summary>
    /// <param name="group">The nested group.</param>
    /// <returns>This group, to chain calls.</returns>
    public ProcessGroupDefinition Add(ProcessGroupDefinition group)
    {
        ArgumentNullException.ThrowIfNull(group);
        _children.Add(new ProcessTreeNode(null, group));
        return this;
    }
}

/// <summary>One child of a group definition: a process type or a nested group.</summary>
internal readonly record struct ProcessTreeNode(ProcessTypeDefinition? Type, ProcessGroupDefinition? Group);
