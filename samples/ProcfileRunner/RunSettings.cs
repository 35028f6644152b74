namespace ProcfileRunner;

/// <summary>
/// What <c>supervise</c> was asked to run, as given on the command line: a <see langword="null"/> value was not given,
/// so the environment's <c>Supervision__*</c> variables or the runner's defaults apply.
/// </summary>
internal sealed record RunSettings(
    string Procfile,
    string? EnvFile,
    string? OnlyType,
    string? Formation,
    string? TimeoutSeconds,
    string? PortBase,
    string? Restart,
    string? MaxRestarts,
    string? RestartWindowSeconds);
