namespace Supervision.Engine;

/// <summary>A place in a supervisor's start order: a process type and its instances, or a nested group.</summary>
internal abstract class SupervisorSlot(int order)
{
    /// <summary>The start position of the slot in its supervisor.</summary>
    public int Order { get; } = order;
}
