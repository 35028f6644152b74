namespace Supervision;

/// <summary>The default values of every option, in one place.</summary>
internal static class SupervisionDefaults
{
    public const int Count = 1;
    public const RestartPolicy Restart = RestartPolicy.Always;
    public const SupervisionStrategy Strategy = SupervisionStrategy.OneForOne;
    public const int MaxRestarts = 5;
    public const double BackoffMultiplier = 2.0;
    public const double BackoffJitter = 0.1;
    public const string StopSignal = "SIGTERM";
    public const ChildOutputMode Output = ChildOutputMode.Log;
    public const int RecentOutputLines = 100;
    public const string ProbePath = "/";
    public const int LivenessFailureThreshold = 3;

    public static readonly TimeSpan RestartWindow = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan BackoffInitial = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan BackoffMax = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan BackoffResetAfter = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan ReadinessInterval = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan LivenessTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan LivenessInterval = TimeSpan.FromSeconds(10);
}
