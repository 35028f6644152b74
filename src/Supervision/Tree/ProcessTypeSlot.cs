namespace Supervision;

/// <summary>A process type's place in a supervisor: its spec and its instances.</summary>
internal sealed class ProcessTypeSlot(ProcessTypeSpec spec, InstanceChild[] instances)
{
    public ProcessTypeSpec Spec { get; } = spec;

    public InstanceChild[] Instances { get; } = instances;
}
