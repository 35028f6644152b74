using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Supervision;

/// <summary>The supervisor tree behind <see cref="ISupervisor"/>: starts and stops its root, scales, restarts and reports on it.</summary>
internal sealed class ProcessSupervisor : ISupervisor, IDisposable
{
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SupervisorNode? _root;
    private Task? _gaveUp;
    private volatile SupervisorState _state;

    public ProcessSupervisor(TimeProvider timeProvider, ILogger logger, Random? random = null, IMeterFactory? meterFactory = null)
    {
        Runtime = new SupervisionRuntime(timeProvider, logger, new EventHub(), random ?? Random.Shared);
        Metrics = new SupervisionMetrics(meterFactory, GetStatus);
        Runtime.Metrics = Metrics;
    }

    public SupervisionRuntime Runtime { get; }

    public SupervisionMetrics Metrics { get; }

    public SupervisorState State => _state;

    /// <summary>Completes when the root supervisor exceeded its restart intensity and stopped everything.</summary>
    public Task GaveUp => _gaveUp ?? throw new InvalidOperationException("The supervisor has not been started.");

    public async Task StartAsync(SupervisorNode root, CancellationToken cancellationToken)
    {
        if (_root is not null)
        {
            throw new InvalidOperationException("The supervisor has already been started.");
        }

        _root = root;
        _state = SupervisorState.Starting;
        _gaveUp = ObserveGaveUpAsync(root);
        await root.StartAsync(1, cancellationToken).ConfigureAwait(false);
        if (_state == SupervisorState.Starting)
        {
            _state = SupervisorState.Running;
        }
    }

    /// <summary>Stops every instance in reverse start order, waiting no longer than <paramref name="deadline"/> allows.</summary>
    public async Task StopAsync(CancellationToken deadline)
    {
        if (_root is null || _state is SupervisorState.Fatal or SupervisorState.Stopped)
        {
            return;
        }

        _state = SupervisorState.Stopping;
        await _root.StopAsync(deadline).ConfigureAwait(false);
        if (_state == SupervisorState.Stopping)
        {
            _state = SupervisorState.Stopped;
        }

        _ended.TrySetResult();
    }

    public Task ScaleAsync(string type, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        (SupervisorNode owner, ProcessTypeSlot slot) = FindOwner(type);
        return SendAsync(owner, ControlRequest.Scale(slot, count), cancellationToken);
    }

    public Task RestartAsync(string type, int? instance = null, CancellationToken cancellationToken = default)
    {
        if (instance is { } number)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(number, 1, nameof(instance));
        }

        (SupervisorNode owner, ProcessTypeSlot slot) = FindOwner(type);
        return SendAsync(owner, ControlRequest.Restart(slot, instance, cancellationToken), cancellationToken);
    }

    public void Dispose() => Metrics.Dispose();

    // The state is Fatal before anyone awaiting GaveUp runs.
    private async Task ObserveGaveUpAsync(SupervisorNode root)
    {
        await root.GaveUp.Task.ConfigureAwait(false);
        _state = SupervisorState.Fatal;
        _ended.TrySetResult();
    }

    private async Task SendAsync(SupervisorNode owner, ControlRequest request, CancellationToken cancellationToken)
    {
        if (_state is not (SupervisorState.Starting or SupervisorState.Running))
        {
            throw new InvalidOperationException($"The supervisor is {_state}: it can scale or restart only while it runs.");
        }

        owner.Post(SupervisorMessage.ControlRequest(request));

        // A tree that gives up or stops meanwhile never answers; the caller is not left waiting.
        Task done = await Task.WhenAny(request.Done.Task, _ended.Task).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (done != request.Done.Task)
        {
            throw new InvalidOperationException($"The supervisor is {_state}: the request on '{request.Slot.Spec.Name}' was not carried out.");
        }

        await request.Done.Task.ConfigureAwait(false);
    }

    private (SupervisorNode Owner, ProcessTypeSlot Slot) FindOwner(string type)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        SupervisorNode root = _root ?? throw new InvalidOperationException("The supervisor has not been started.");
        return Find(root, type) ?? throw new ArgumentException($"No process type named '{type}' runs in this host (known: {string.Join(", ", GetStatus().ProcessTypes.Select(static t => t.Name))}).", nameof(type));
    }

    private static (SupervisorNode, ProcessTypeSlot)? Find(SupervisorNode node, string type)
    {
        foreach (object slot in node.Slots)
        {
            switch (slot)
            {
                case ProcessTypeSlot candidate when string.Equals(candidate.Spec.Name, type, StringComparison.OrdinalIgnoreCase):
                    return (node, candidate);
                case GroupChild group when Find(group.Node, type) is { } found:
                    return found;
            }
        }

        return null;
    }

    /// <summary>
    /// Applies the restart policy, backoff and stop timeout of reloaded options to the running types, from their
    /// next restart or stop on. Counts are scaled separately; a type the options do not name keeps its settings.
    /// </summary>
    public void UpdateRestartSettings(SupervisionOptions reloaded)
    {
        if (_root is not null)
        {
            UpdateRestartSettings(_root, reloaded);
        }
    }

    private static void UpdateRestartSettings(SupervisorNode node, SupervisionOptions reloaded)
    {
        foreach (object slot in node.Slots)
        {
            switch (slot)
            {
                case ProcessTypeSlot type when reloaded.ProcessTypes.TryGetValue(type.Spec.Name, out ProcessTypeOptions? options):
                    type.Spec.UpdateRestartSettings(options);
                    break;
                case GroupChild group:
                    UpdateRestartSettings(group.Node, reloaded);
                    break;
            }
        }
    }

    public SupervisorStatus GetStatus()
    {
        var types = new List<ProcessTypeStatus>();
        if (_root is not null)
        {
            Collect(_root, types);
        }

        return new SupervisorStatus(_state, types);
    }

    public IAsyncEnumerable<SupervisionEvent> WatchAsync(CancellationToken cancellationToken = default) =>
        Runtime.Events.Watch(Runtime.Time, Snapshot, cancellationToken);

    /// <summary>One <see cref="SupervisionEventKind.Snapshot"/> event per instance, in start order: a new reader's first events.</summary>
    private SupervisionEvent[] Snapshot()
    {
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

    private static void Collect(SupervisorNode node, List<ProcessTypeStatus> types)
    {
        foreach (object slot in node.Slots)
        {
            switch (slot)
            {
                case ProcessTypeSlot type:
                    InstanceChild[] instances = type.Instances;
                    types.Add(new ProcessTypeStatus(type.Spec.Name, type.Spec.Group, instances.Length, Array.ConvertAll(instances, static i => i.GetStatus())));
                    break;
                case GroupChild group:
                    Collect(group.Node, types);
                    break;
            }
        }
    }
}
