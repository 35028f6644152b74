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

    /// <summary>Why the root gave up once <see cref="GaveUp"/> completed: see <see cref="SupervisorNode.GaveUpCause"/>.</summary>
    public Exception? GaveUpCause => _root?.GaveUpCause;

    /// <summary>Completes when the root supervisor gave up (restart intensity exceeded, or its loop failed) and stopped everything.</summary>
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

    // The state is Fatal before anyone awaiting GaveUp runs, and before the GaveUp event, the last of the tree.
    private async Task ObserveGaveUpAsync(SupervisorNode root)
    {
        await root.GaveUp.Task.ConfigureAwait(false);
        _state = SupervisorState.Fatal;
        Runtime.Publish(SupervisionEventKind.GaveUp, root.Name);
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
        foreach ((SupervisorNode owner, ProcessTypeSlot slot) in root.TypeSlots())
        {
            if (string.Equals(slot.Spec.Name, type, StringComparison.OrdinalIgnoreCase))
            {
                return (owner, slot);
            }
        }

        throw new ArgumentException($"No process type named '{type}' runs in this host (known: {string.Join(", ", GetStatus().ProcessTypes.Select(static t => t.Name))}).", nameof(type));
    }

    /// <summary>
    /// Applies the restart policy, backoff and stop timeout of reloaded options to the running types, from their
    /// next restart or stop on. Counts are scaled separately; a type the options do not name keeps its settings.
    /// </summary>
    public void UpdateRestartSettings(SupervisionOptions reloaded)
    {
        if (_root is null)
        {
            return;
        }

        foreach ((_, ProcessTypeSlot slot) in _root.TypeSlots())
        {
            if (reloaded.ProcessTypes.TryGetValue(slot.Spec.Name, out ProcessTypeOptions? options))
            {
                slot.Spec.UpdateRestartSettings(options);
            }
        }
    }

    public SupervisorStatus GetStatus()
    {
        var types = new List<ProcessTypeStatus>();
        if (_root is not null)
        {
            foreach ((_, ProcessTypeSlot slot) in _root.TypeSlots())
            {
                InstanceChild[] instances = slot.Instances;
                types.Add(new ProcessTypeStatus(slot.Spec.Name, slot.Spec.Group, instances.Length, Array.ConvertAll(instances, static i => i.GetStatus())));
            }
        }

        return new SupervisorStatus(_state, types);
    }

    public IAsyncEnumerable<SupervisionEvent> WatchAsync(CancellationToken cancellationToken = default) =>
        Runtime.Events.Watch(Runtime.Time, cancellationToken);
}
