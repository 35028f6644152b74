namespace Supervision;

/// <summary>A snapshot of one process type and its instances.</summary>
/// <param name="Name">The process type name.</param>
/// <param name="Group">The process group it belongs to, or <see langword="null"/> under the root.</param>
/// <param name="Count">How many instances the formation asks for.</param>
/// <param name="Instances">The instances, by number.</param>
public sealed record ProcessTypeStatus(string Name, string? Group, int Count, IReadOnlyList<ProcessInstanceStatus> Instances);
