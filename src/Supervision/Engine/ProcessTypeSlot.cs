namespace Supervision.Engine;

/// <summary>
/// A process type's place in a supervisor: its spec, its start position and its instances. Only the owning
/// control loop replaces <see cref="Instances"/>; readers on other threads see one array or the next, whole.
/// </summary>
internal sealed class ProcessTypeSlot(ProcessTypeSpec spec, int order, InstanceChild[] instances) : SupervisorSlot(order)
{
    private volatile InstanceChild[] _instances = instances;

    public ProcessTypeSpec Spec { get; } = spec;

    /// <summary>The instances, by number from 1 without gaps; the count the formation asks for is their number.</summary>
    public InstanceChild[] Instances
    {
        get => _instances;
        set => _instances = value;
    }
}
