namespace Supervision.EndToEnd;

/// <summary>Real-time caps that only keep a broken test from hanging; a passing test never waits them out.</summary>
internal static class TestTimeouts
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public const int Test = 90_000;
}
