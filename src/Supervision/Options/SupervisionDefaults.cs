namespace Supervision;

/// <summary>The default values of every option, in one place.</summary>
internal static class SupervisionDefaults
{
    public const string SectionName = "Supervision";
    public const int Count = 1;
    public const RestartPolicy Restart = RestartPolicy.Always;
    public const SupervisionStrategy Strategy = SupervisionStrategy.OneForOne;
    public const int MaxRestarts = 5;
    public const double BackoffMultiplier = 2.0;
    public const double BackoffJitter = 0.1;
    public const int NonZeroExitCode = 1;
    public const string StopSignal = "SIGTERM";
    public const ChildOutputMode Output = ChildOutputMode.Log;
    public const int PortBase = 5000;
    public const int PortStepPerType = 100;

    /// <summary>The largest count of one type: far above any one host's need, far below what would exhaust its memory.</summary>
    public const int MaxCount = 10_000;

    public static readonly TimeSpan RestartWindow = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan BackoffInitial = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan BackoffMax = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan BackoffResetAfter = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest StopTimeout, RestartWindow and backoff duration: one day, well inside what timers and
    /// <c>Task.WaitAsync</c> accept (about 49 and 24 days).
    /// </summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(1);
}
