namespace Supervision.Extensions.Registration;

/// <summary>A process group declared in code (the root is one with an empty name): its children in start order.</summary>
internal sealed class ProcessGroupRegistration(string name, Action<ProcessGroupOptions>? configure)
{
    public string Name { get; } = name;

    public Action<ProcessGroupOptions>? Configure { get; } = configure;

    /// <summary><see cref="ProcessTypeRegistration"/> and <see cref="ProcessGroupRegistration"/> items, in start order.</summary>
    public List<object> Children { get; } = [];
}
