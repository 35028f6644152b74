namespace Supervision.Extensions.Registration;

/// <summary>Everything declared in code, in declaration order; one per service collection.</summary>
internal sealed class SupervisionRegistry
{
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);

    public ProcessGroupRegistration Root { get; } = new(string.Empty, null);

    /// <summary>Root option defaults from <c>AddSupervision(configure)</c>, in call order.</summary>
    public List<Action<SupervisionOptions>> ConfigureRoot { get; } = [];

    /// <summary>What registration found worth a warning (a Procfile line Foreman ignores), logged when the host starts.</summary>
    public List<string> Warnings { get; } = [];

    public void Add(ProcessGroupRegistration parent, ProcessTypeRegistration type)
    {
        Claim(type.Name, "process type");
        parent.Children.Add(type);
    }

    public void Add(ProcessGroupRegistration parent, ProcessGroupRegistration group)
    {
        Claim(group.Name, "process group");
        parent.Children.Add(group);
    }

    public IEnumerable<ProcessTypeRegistration> Types => Walk(Root).OfType<ProcessTypeRegistration>();

    public IEnumerable<ProcessGroupRegistration> Groups => Walk(Root).OfType<ProcessGroupRegistration>();

    private void Claim(string name, string what)
    {
        ProcessTypeName.ThrowIfInvalid(name);
        if (!_names.Add(name))
        {
            throw new ArgumentException($"A process type or group named '{name}' is already registered; cannot add a {what} with the same name.", nameof(name));
        }
    }

    private static IEnumerable<object> Walk(ProcessGroupRegistration group)
    {
        foreach (object child in group.Children)
        {
            yield return child;
            if (child is ProcessGroupRegistration nested)
            {
                foreach (object descendant in Walk(nested))
                {
                    yield return descendant;
                }
            }
        }
    }
}
