namespace Supervision;

/// <summary>
/// Thrown by an in-process worker to end its instance for good, whatever its restart policy (suture's
/// <c>ErrDoNotRestart</c>, the in-process twin of <see cref="ProcessTypeOptions.RestartPreventExitCodes"/>). The exit
/// counts as clean (<see cref="ExitReason.Completed"/>, with this exception and its message kept), is not counted
/// against the restart intensity, and can end a supervisor through <see cref="ProcessTypeOptions.Significant"/>.
/// </summary>
public class DoNotRestartException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="DoNotRestartException"/> class.</summary>
    public DoNotRestartException()
        : base("The process asked not to be restarted.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DoNotRestartException"/> class with a message saying why.</summary>
    /// <param name="message">Why the process ends for good.</param>
    public DoNotRestartException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DoNotRestartException"/> class with a message and its cause.</summary>
    /// <param name="message">Why the process ends for good.</param>
    /// <param name="innerException">The exception that led to it.</param>
    public DoNotRestartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
