using Microsoft.Extensions.Logging.Abstractions;

namespace Supervision.Benchmarks;

/// <summary>
/// B8 under supervision: one child type <c>web</c>, <c>Count</c> 3, ports from <c>Port</c>, the given readiness probe
/// and <see cref="ReadinessOptions.MinReady"/>; <see cref="ISupervisor.RestartAsync"/>.
/// </summary>
internal sealed class SupervisedRolling(SlowStartServer server, int[] ports, ReadinessProbe probe, TimeSpan minReady = default) : IRollingFormation
{
    /// <summary>How long a replacement stays ready before the next instance goes, in the row that sets it.</summary>
    public static readonly TimeSpan MinReady = TimeSpan.FromMilliseconds(500);

    /// <summary>How often the Tcp probe tries: a replacement counts as ready at most this long after it listens.</summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(50);

    private readonly ChildTree _tree = new(NullLoggerFactory.Instance, NullLogger.Instance);

    public Task StartAsync()
    {
        ProcessTypeOptions web = _tree.AddChild("web", new ProcessTypeOptions
        {
            Command = server.Interpreter,
            Arguments = [server.ScriptPath],
            Count = ports.Length,
            Port = ports[0],
        });
        web.Readiness.Probe = probe;
        web.Readiness.Interval = ProbeInterval;
        web.Readiness.MinReady = minReady;
        return _tree.StartAsync();
    }

    public Task RestartAsync() => _tree.Supervisor!.RestartAsync("web");

    public ValueTask DisposeAsync() => _tree.DisposeAsync();
}
