using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Supervision.Engine;
using Supervision.Events;
using Supervision.InProcess;
using Supervision.Telemetry;

namespace Supervision;

/// <summary>
/// A supervisor tree, built by <see cref="SupervisorBuilder"/>: <see cref="StartAsync"/> starts it,
/// <see cref="StopAsync(CancellationToken)"/> stops it in reverse start order, and <see cref="ISupervisor"/> scales, restarts and
/// reports on it meanwhile. When its root gives up, <see cref="GaveUp"/> completes; whoever owns the process
/// decides what follows (the Generic Host integration stops the application with a non-zero exit code).
/// </summary>
public sealed class Supervisor : ISupervisor, IDisposable
{
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _gaveUp;
    private Task? _shutDown;
    private volatile SupervisorState _state;
    private bool _started;

    internal Supervisor(TimeProvider timeProvider, ILogger logger, Random random, IMeterFactory? meterFactory)
    {
        Runtime = new SupervisionRuntime(timeProvider, logger, new EventHub(), random);
        Metrics = new SupervisionMetrics(meterFactory, GetStatus);
        Runtime.Metrics = Metrics;
    }

    internal SupervisionRuntime Runtime { get; }

    internal SupervisionMetrics Metrics { get; }

    /// <summary>The root supervisor; set once by the builder.</summary>
    internal SupervisorNode Root { get; set; } = null!;

    /// <summary>
    /// Gets why the root gave up, once <see cref="GaveUp"/> has completed: a <see cref="SupervisionGaveUpException"/>
    /// when it exceeded its restart intensity, or the exception a supervisor's own control loop failed with.
    /// </summary>
    public Exception? GaveUpCause => Root.GaveUpCause;

    /// <summary>
    /// Gets a task that completes when the root supervisor gave up (one restart too many, or a failure of its own
    /// loop), after it stopped everything; it never completes for a tree stopped on request.
    /// </summary>
    /// <exception cref="InvalidOperationException">The supervisor has not been started.</exception>
    public Task GaveUp => _gaveUp ?? throw new InvalidOperationException("The supervisor has not been started.");

    /// <summary>
    /// Gets a task that completes when the root shut itself down because its significant children ended
    /// (<see cref="ProcessGroupOptions.AutoShutdown"/>), after it stopped everything; whoever owns the process then ends
    /// it (the Generic Host integration stops the application, exit code from <see cref="ShutDownExit"/>). It never
    /// completes for a tree stopped on request or one that gave up.
    /// </summary>
    /// <exception cref="InvalidOperationException">The supervisor has not been started.</exception>
    public Task ShutDown => _shutDown ?? throw new InvalidOperationException("The supervisor has not been started.");

    /// <summary>
    /// Gets, once <see cref="ShutDown"/> has completed, the exit that ended the tree: that of the significant child
    /// whose end triggered it, or the first failure among the significant children that ended (AllSignificant).
    /// </summary>
    public ProcessExit? ShutDownExit => Root.ShutDownExit;

    /// <summary>Starts every process type and group in order; returns once every initial instance has started.</summary>
    /// <param name="cancellationToken">Stops waiting for the start; what started keeps running until <see cref="StopAsync(CancellationToken)"/>.</param>
    /// <returns>A task that completes once the initial formation has started.</returns>
    /// <exception cref="InvalidOperationException">The supervisor has already been started.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_started)
        {
            throw new InvalidOperationException("The supervisor has already been started.");
        }

        _started = true;
        SupervisorNode root = Root;
        _state = SupervisorState.Starting;
        _gaveUp = ObserveGaveUpAsync(root);
        _shutDown = ObserveShutDownAsync(root);
        await root.StartAsync(1, cancellationToken).ConfigureAwait(false);
        if (_state == SupervisorState.Starting)
        {
            _state = SupervisorState.Running;
        }
    }

    /// <summary>
    /// Stops every instance in reverse start order, each within its stop timeout; a worker that does not stop in time
    /// is abandoned, a child process killed. Stopping a tree that is not running does nothing.
    /// </summary>
    /// <param name="deadline">When cancelled, the remaining waits end at once (a host's shutdown timeout).</param>
    /// <returns>A task that completes once every instance has stopped or been abandoned.</returns>
    public Task StopAsync(CancellationToken deadline = default) => StopAsync(new StopBudget(deadline));

    /// <summary>
    /// Stops every instance within <paramref name="timeout"/> (a host's shutdown timeout): in reverse start order
    /// while the time left covers the slots still running one after the other, then all the rest at once, each
    /// instance still given its own stop timeout as far as the time allows.
    /// </summary>
    /// <param name="timeout">The time the whole stop has.</param>
    /// <param name="deadline">When cancelled, the remaining waits end at once.</param>
    /// <returns>A task that completes once every instance has stopped or been abandoned.</returns>
    public Task StopWithinAsync(TimeSpan timeout, CancellationToken deadline = default) =>
        StopAsync(new StopBudget(deadline, DueSchedule.DueAt(Runtime.Time, Runtime.Time.GetTimestamp(), timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout)));

    private async Task StopAsync(StopBudget budget)
    {
        if (!_started || _state is SupervisorState.Fatal or SupervisorState.Stopped or SupervisorState.ShutDown)
        {
            return;
        }

        _state = SupervisorState.Stopping;
        await Root.StopAsync(budget).ConfigureAwait(false);
        if (_state == SupervisorState.Stopping)
        {
            _state = SupervisorState.Stopped;
        }

        _ended.TrySetResult();
    }

    /// <inheritdoc/>
    public Task ScaleAsync(string type, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        (SupervisorNode owner, ProcessTypeSlot slot) = FindOwner(type);
        return SendAsync(owner, ControlRequest.Scale(slot, count), cancellationToken);
    }

    /// <inheritdoc/>
    public Task RestartAsync(string type, int? instance = null, CancellationToken cancellationToken = default)
    {
        if (instance is { } number)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(number, 1, nameof(instance));
        }

        (SupervisorNode owner, ProcessTypeSlot slot) = FindOwner(type);
        return SendAsync(owner, ControlRequest.Restart(slot, instance, cancellationToken), cancellationToken);
    }

    /// <inheritdoc/>
    public Task SignalAsync(string type, int? instance, string signal, CancellationToken cancellationToken = default)
    {
        if (instance is { } number)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(number, 1, nameof(instance));
        }

        if (!SignalName.TryParse(signal, out int signalNumber))
        {
            throw new ArgumentException($"'{signal}' is not a signal: give a name such as HUP or SIGUSR1, or a number from 1 to 64.", nameof(signal));
        }

        (SupervisorNode owner, ProcessTypeSlot slot) = FindOwner(type);
        if (slot.Launcher is InProcessLauncher)
        {
            throw new InvalidOperationException($"'{slot.Name}' runs in-process: it has no process of its own to signal.");
        }

        return SendAsync(owner, ControlRequest.Signal(slot, instance, signalNumber), cancellationToken);
    }

    /// <inheritdoc/>
    public IReadOnlyList<OutputLine> GetRecentOutput(string type, int instance)
    {
        (_, ProcessTypeSlot slot) = FindOwner(type);
        InstanceChild[] instances = slot.Instances;
        if (instance < 1 || instance > instances.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(instance), instance, $"'{slot.Name}' has {instances.Length} instance(s).");
        }

        return instances[instance - 1].Channel.RecentOutput?.Snapshot() ?? [];
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<OutputLine> WatchOutputAsync(string? type = null, int? instance = null, CancellationToken cancellationToken = default)
    {
        string? typeName = type is null ? null : FindOwner(type).Slot.Name;
        return Runtime.Output.Follow(typeName, instance, cancellationToken);
    }

    /// <summary>
    /// Asks every supervisor's control loop (the root's and each group's) to answer, and reports whether all did within
    /// <paramref name="timeout"/>: what a watchdog (systemd's <c>WATCHDOG=1</c>) may vouch for. A loop busy with a stop
    /// answers once it is done; a loop that hangs never does.
    /// </summary>
    /// <param name="timeout">How long to wait for the answers.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns><see langword="true"/> when every loop answered in time; <see langword="false"/> otherwise, and when the tree is not running.</returns>
    public async Task<bool> PingAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (_state is not (SupervisorState.Starting or SupervisorState.Running))
        {
            return false;
        }

        var answers = new List<Task>();
        foreach (SupervisorNode node in Root.SelfAndGroups())
        {
            ControlRequest ping = ControlRequest.Ping();
            node.Post(SupervisorMessage.ControlRequest(ping));
            answers.Add(ping.Done.Task);
        }

        try
        {
            await Task.WhenAll(answers).WaitAsync(timeout, Runtime.Time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
        {
            // No answer in time, or a loop that stopped before it could answer.
            return false;
        }
    }

    /// <summary>Releases the tree's meter; stop the tree first.</summary>
    public void Dispose() => Metrics.Dispose();

    // The state is Fatal before anyone awaiting GaveUp runs, and before the GaveUp event, the last of the tree.
    private async Task ObserveGaveUpAsync(SupervisorNode root)
    {
        await root.GaveUp.Task.ConfigureAwait(false);
        _state = SupervisorState.Fatal;
        Runtime.Publish(SupervisionEventKind.GaveUp, root.Name);
        _ended.TrySetResult();
    }

    private async Task ObserveShutDownAsync(SupervisorNode root)
    {
        await root.ShutDown.Task.ConfigureAwait(false);
        _state = SupervisorState.ShutDown;
        Runtime.Publish(SupervisionEventKind.ShutDown, root.Name, exit: root.ShutDownExit);
        _ended.TrySetResult();
    }

    private async Task SendAsync(SupervisorNode owner, ControlRequest request, CancellationToken cancellationToken)
    {
        if (_state is not (SupervisorState.Starting or SupervisorState.Running))
        {
            throw new InvalidOperationException($"The supervisor is {_state}: it can scale, restart or signal only while it runs.");
        }

        owner.Post(SupervisorMessage.ControlRequest(request));

        // A tree that gives up or stops meanwhile never answers; the caller is not left waiting.
        Task done = await Task.WhenAny(request.Done.Task, _ended.Task).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (done != request.Done.Task)
        {
            throw new InvalidOperationException($"The supervisor is {_state}: the request on '{request.Slot.Name}' was not carried out.");
        }

        await request.Done.Task.ConfigureAwait(false);
    }

    private (SupervisorNode Owner, ProcessTypeSlot Slot) FindOwner(string type)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        foreach ((SupervisorNode owner, ProcessTypeSlot slot) in Root.TypeSlots())
        {
            if (string.Equals(slot.Name, type, StringComparison.OrdinalIgnoreCase))
            {
                return (owner, slot);
            }
        }

        throw new ArgumentException($"No process type named '{type}' runs in this host (known: {string.Join(", ", GetStatus().ProcessTypes.Select(static t => t.Name))}).", nameof(type));
    }

    /// <summary>
    /// Applies the restart policy, backoff and stop timeout of <paramref name="options"/> to the running type
    /// <paramref name="type"/>, from its next restart or stop on (a configuration reload). Its count is not changed:
    /// use <see cref="ScaleAsync"/>.
    /// </summary>
    /// <param name="type">The process type name (case-insensitive).</param>
    /// <param name="options">The new settings.</param>
    /// <exception cref="ArgumentException">No process type of that name runs in this tree.</exception>
    public void UpdateProcessType(string type, ProcessTypeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        (_, ProcessTypeSlot slot) = FindOwner(type);
        slot.UpdateRestartSettings(options);
    }

    /// <inheritdoc/>
    public SupervisorStatus GetStatus()
    {
        var types = new List<ProcessTypeStatus>();
        if (Root is not null)
        {
            foreach ((_, ProcessTypeSlot slot) in Root.TypeSlots())
            {
                InstanceChild[] instances = slot.Instances;
                types.Add(new ProcessTypeStatus(slot.Name, slot.Group, instances.Length, Array.ConvertAll(instances, static i => i.GetStatus())));
            }
        }

        return new SupervisorStatus(_state, types);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<SupervisionEvent> WatchAsync(CancellationToken cancellationToken = default) =>
        Runtime.Events.Watch(Runtime.Time, Snapshot, cancellationToken);

    /// <summary>One <see cref="SupervisionEventKind.Snapshot"/> event per instance, in start order: a new reader's first events.</summary>
    private SupervisionEvent[] Snapshot()
    {
        // Before the start nothing has happened yet: a reader then sees every start as it comes.
        if (!_started)
        {
            return [];
        }

        SupervisorStatus status = GetStatus();
        DateTimeOffset now = Runtime.Time.GetUtcNow();
        var events = new List<SupervisionEvent>();
        foreach (ProcessTypeStatus type in status.ProcessTypes)
        {
            foreach (ProcessInstanceStatus instance in type.Instances)
            {
                events.Add(new SupervisionEvent(
                    SupervisionEventKind.Snapshot, now, instance.Name, instance.TypeName, instance.Instance, instance.Restarts, instance.LastExit, State: instance.State));
            }
        }

        return [.. events];
    }
}
