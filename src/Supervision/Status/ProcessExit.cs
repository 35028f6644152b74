namespace Supervision;

/// <summary>How one run of an instance ended.</summary>
/// <param name="Reason">Why it ended.</param>
/// <param name="Exception">The exception of an in-process failure or of a failed start, if any.</param>
/// <param name="ExitCode">The exit code of a child process, if it exited.</param>
/// <param name="Signal">The signal that terminated a child process, if any.</param>
public readonly record struct ProcessExit(ExitReason Reason, Exception? Exception = null, int? ExitCode = null, int? Signal = null)
{
    /// <summary>Gets whether this exit counts as a failure for <see cref="RestartPolicy.OnFailure"/>.</summary>
    public bool IsFailure => Reason is ExitReason.Failed or ExitReason.StartFailed or ExitReason.NotReady or ExitReason.Hung;

    /// <inheritdoc/>
    public override string ToString() => Reason switch
    {
        _ when Signal is { } signal => $"{Reason} (signal {signal})",
        _ when ExitCode is { } code => $"{Reason} (exit code {code})",
        _ when Exception is { } exception => $"{Reason} ({exception.GetType().Name}: {exception.Message})",
        _ => Reason.ToString(),
    };
}
