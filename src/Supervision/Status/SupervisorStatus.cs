namespace Supervision;

/// <summary>A snapshot of the whole supervisor tree.</summary>
/// <param name="State">The state of the tree as a whole.</param>
/// <param name="ProcessTypes">Every process type in start order.</param>
public sealed record SupervisorStatus(SupervisorState State, IReadOnlyList<ProcessTypeStatus> ProcessTypes);
