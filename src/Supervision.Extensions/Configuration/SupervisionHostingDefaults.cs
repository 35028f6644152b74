namespace Supervision.Extensions.Configuration;

/// <summary>The defaults of the hosting layer (configuration, formation, exit code); the engine's own are on its option types.</summary>
internal static class SupervisionHostingDefaults
{
    public const string SectionName = "Supervision";
    public const int NonZeroExitCode = 1;
    public const int PortBase = 5000;
    public const int PortStepPerType = 100;

    /// <summary>The largest count of one type: far above any one host's need, far below what would exhaust its memory.</summary>
    public const int MaxCount = 10_000;

    /// <summary>The most output lines one instance may keep: at 1 KiB a line at most, 10 MiB per instance.</summary>
    public const int MaxRecentOutputLines = 10_000;

    /// <summary>
    /// The longest StopTimeout, RestartWindow and backoff duration: one day, well inside what timers and
    /// <c>Task.WaitAsync</c> accept (about 49 and 24 days).
    /// </summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(1);

    /// <summary>The engine's defaults of a supervisor (strategy, intensity), read off a fresh options object.</summary>
    public static readonly ProcessGroupOptions Group = new();

    /// <summary>The engine's defaults of a process type, read off a fresh options object.</summary>
    public static readonly ProcessTypeOptions Type = new();
}
