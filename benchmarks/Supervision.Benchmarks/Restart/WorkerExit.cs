namespace Supervision.Benchmarks;

/// <summary>How a benchmark worker ends each run: both make an <c>Always</c> instance restart.</summary>
public enum WorkerExit
{
    /// <summary>The run fails with an exception (what Akka.NET needs to restart an actor).</summary>
    Throws,

    /// <summary>The run completes normally.</summary>
    Returns,
}
