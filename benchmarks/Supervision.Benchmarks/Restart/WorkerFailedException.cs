namespace Supervision.Benchmarks;

/// <summary>The failure every restart benchmark worker throws.</summary>
public sealed class WorkerFailedException : Exception
{
    public WorkerFailedException()
        : base("The benchmark worker failed on purpose.")
    {
    }

    public WorkerFailedException(string message)
        : base(message)
    {
    }

    public WorkerFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
