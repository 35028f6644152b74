namespace Supervision.Benchmarks;

/// <summary>B8's request counts: all requests, those whose first try failed (retried), those that failed on the retry too.</summary>
internal readonly record struct RequestCounts(long Total, long Retried, long Failed)
{
    /// <summary>The requests between <paramref name="start"/> and these counts.</summary>
    public RequestCounts Since(RequestCounts start) => new(Total - start.Total, Retried - start.Retried, Failed - start.Failed);
}
