namespace Supervision.AspNetCore.Tests;

/// <summary>Real-time caps that only keep a broken test from hanging; no test waits them out when it passes.</summary>
public static class TestTimeouts
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public const int Test = 60_000;

    /// <summary>A browser test also starts Chromium, which a busy machine makes slow.</summary>
    public const int BrowserTest = 120_000;
}
