using Microsoft.Extensions.Logging;
using Supervision.Events;
using Supervision.Processes.Output;
using Supervision.Telemetry;

namespace Supervision.Engine;

/// <summary>What every supervisor and child of one tree shares: time, randomness, logging, events and metrics.</summary>
internal sealed class SupervisionRuntime(TimeProvider timeProvider, ILogger logger, EventHub events, Random random)
{
    /// <summary>Set once by the owning <see cref="Supervisor"/>, before anything starts.</summary>
    public SupervisionMetrics Metrics { get; set; } = null!;

    public TimeProvider Time { get; } = timeProvider;

    public ILogger Logger { get; } = logger;

    public EventHub Events { get; } = events;

    public Random Random { get; } = random;

    /// <summary>Whoever follows the children's output live.</summary>
    public OutputFollowers Output { get; } = new();

    public void Publish(
        SupervisionEventKind kind, string source, string? typeName = null, int instance = 0, int restartCount = 0, ProcessExit? exit = null, TimeSpan? delay = null,
        RecentOutput? recentOutput = null, InstanceState? state = null)
    {
        // Checked first so that a tree nobody watches builds no event at all (nor copies any output).
        if (Events.HasReaders)
        {
            Events.Publish(new SupervisionEvent(kind, Time.GetUtcNow(), source, typeName, instance, restartCount, exit, delay, State: state, RecentOutput: recentOutput?.Snapshot()));
        }
    }
}
