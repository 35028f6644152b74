using Supervision.Extensions.Registration;

namespace Supervision.Extensions.Formations;

/// <summary>One process type as the formation plans it: its effective options, count and port, and its start position.</summary>
/// <param name="Name">The type name.</param>
/// <param name="Registration">What code declared; <see langword="null"/> for a type that exists only in configuration.</param>
/// <param name="Options">Its effective options (code defaults, then configuration).</param>
/// <param name="TypeIndex">Its position among all types in start order, run here or not (the Foreman port rule uses it).</param>
/// <param name="Count">How many instances: the formation's count, else the type's own.</param>
/// <param name="Port">The port of instance 1: the configured Port, or for a child process the Foreman rule.</param>
internal sealed record PlannedType(string Name, ProcessTypeRegistration? Registration, ProcessTypeOptions Options, int TypeIndex, int Count, int? Port)
{
    /// <summary>Whether the type runs a command as a child process (registered as one, or configured only).</summary>
    public bool IsChildProcess => Registration?.IsChildProcess ?? true;
}
