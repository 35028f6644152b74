namespace Supervision.Engine;

/// <summary>A nested group's place in its parent's start order.</summary>
internal sealed class GroupSlot(GroupChild child) : SupervisorSlot(child.Order)
{
    public GroupChild Child { get; } = child;

    public SupervisorNode Node => Child.Node;
}
