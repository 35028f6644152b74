namespace Supervision.Benchmarks;

/// <summary>A B8 row: <paramref name="Key"/> names it in <c>result</c> lines; <paramref name="Create"/> builds its formation on the given ports.</summary>
internal sealed record RollingContender(string Key, string Name, Func<int[], IRollingFormation> Create);
