namespace Supervision.Tests;

/// <summary>Real-time caps that only keep a broken test from hanging; no test waits them out when it passes.</summary>
public static class TestTimeouts
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    public const int Test = 60_000;
}
