namespace Supervision;

/// <summary>A snapshot of one process instance.</summary>
/// <param name="TypeName">The process type.</param>
/// <param name="Instance">The 1-based instance number.</param>
/// <param name="Name">The instance name, <c>type.N</c>.</param>
/// <param name="State">Its state.</param>
/// <param name="Pid">The OS process id of a child process while it runs; <see langword="null"/> in-process.</param>
/// <param name="Restarts">How many times it was restarted.</param>
/// <param name="Uptime">How long the current run has lasted, while it runs.</param>
/// <param name="LastExit">How its last run ended, if one ended.</param>
public sealed record ProcessInstanceStatus(
    string TypeName, int Instance, string Name, InstanceState State, int? Pid, int Restarts, TimeSpan? Uptime, ProcessExit? LastExit)
{
    /// <summary>Gets the last <c>STATUS=</c> text the current run of a child process sent on its notify socket, if any.</summary>
    public string? StatusText { get; init; }
}
