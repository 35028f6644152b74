namespace Supervision.Benchmarks;

/// <summary>One B8 contender: three instances of <see cref="SlowStartServer"/> on consecutive ports, restarted rolling.</summary>
internal interface IRollingFormation : IAsyncDisposable
{
    /// <summary>Starts the three instances; they may not listen yet when this returns.</summary>
    Task StartAsync();

    /// <summary>The rolling restart, done when the contender says it is.</summary>
    Task RestartAsync();
}
