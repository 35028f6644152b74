namespace Supervision.Testing;

/// <summary>Real-time caps that only keep a broken test from hanging; a passing test never waits them out.</summary>
public static class TestTimeouts
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>A test that starts real processes (a host, dotnet, a shell) on a busy machine takes its time.</summary>
    public const int Test = 90_000;

    /// <summary>A browser test also starts Chromium, which a busy machine makes slow.</summary>
    public const int BrowserTest = 120_000;
}
