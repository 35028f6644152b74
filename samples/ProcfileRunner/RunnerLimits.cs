namespace ProcfileRunner;

/// <summary>The ranges of the runner's numeric arguments, the same as the library's validation.</summary>
internal static class RunnerLimits
{
    /// <summary>The library's largest count of one type.</summary>
    public const int MaxCount = 10_000;

    /// <summary>The library's longest StopTimeout and RestartWindow, one day, in seconds.</summary>
    public const int MaxSeconds = 86_400;

    public const int MaxPort = 65_535;

    /// <summary>Foreman's step between the ports of two types.</summary>
    public const int PortStepPerType = 100;

    public const int DefaultPortBase = 5000;
}
