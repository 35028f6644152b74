namespace Supervision;

/// <summary>A child process could not be started: its command or working directory is wrong.</summary>
public sealed class ChildProcessStartException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChildProcessStartException()
    {
    }

    /// <summary>Creates the exception with a message that names the command or directory at fault.</summary>
    /// <param name="message">The message.</param>
    public ChildProcessStartException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying error.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The underlying error.</param>
    public ChildProcessStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
