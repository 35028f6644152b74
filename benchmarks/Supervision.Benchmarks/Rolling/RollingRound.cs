namespace Supervision.Benchmarks;

/// <summary>
/// One B8 rolling restart: the requests from its start until every instance listened again plus a settle time, how long
/// the contender's restart took, and when all three listened again (both from its start, ms), and
/// why the failed requests failed.
/// </summary>
internal readonly record struct RollingRound(RequestCounts Requests, double RestartMs, double ListeningAgainMs, IReadOnlyDictionary<string, int> Failures);
