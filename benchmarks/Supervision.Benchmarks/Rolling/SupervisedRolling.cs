using Microsoft.Extensions.Logging.Abstractions;

namespace Supervision.Benchmarks;

/// <summary>B8 under supervision: one child type <c>web</c>, <c>Count</c> 3, ports from <c>Port</c>; <see cref="ISupervisor.RestartAsync"/>.</summary>
internal sealed class SupervisedRolling(SlowStartServer server, int[] ports, ReadinessProbe probe) : IRollingFormation
{
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
        return _tree.StartAsync();
    }

    public Task RestartAsync() => _tree.Supervisor!.RestartAsync("web");

    public ValueTask DisposeAsync() => _tree.DisposeAsync();
}
