namespace Supervision;

/// <summary>
/// Thrown by an in-process worker when its failure is fatal for the whole tree (suture's
/// <c>ErrTerminateSupervisorTree</c>): no restart, no intensity count, every supervisor up to the root fails at once
/// and the root gives up (in a host: the application stops with a non-zero exit code). For a failure nothing can
/// repair, such as a missing credential.
/// </summary>
public class TerminateSupervisorTreeException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="TerminateSupervisorTreeException"/> class.</summary>
    public TerminateSupervisorTreeException()
        : base("The process failed in a way that is fatal for the supervisor tree.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TerminateSupervisorTreeException"/> class with a message saying why.</summary>
    /// <param name="message">Why the tree must end.</param>
    public TerminateSupervisorTreeException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="TerminateSupervisorTreeException"/> class with a message and its cause.</summary>
    /// <param name="message">Why the tree must end.</param>
    /// <param name="innerException">The exception that led to it.</param>
    public TerminateSupervisorTreeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
