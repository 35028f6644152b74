using Microsoft.Extensions.Logging;

namespace Supervision;

/// <summary>The supervisor tree behind <see cref="ISupervisor"/>: starts and stops its root and reports on it.</summary>
internal sealed class ProcessSupervisor : ISupervisor
{
    private SupervisorNode? _root;
    private Task? _gaveUp;
    private volatile SupervisorState _state;

    public ProcessSupervisor(TimeProvider timeProvider, ILogger logger, Random? random = null)
    {
        Runtime = new SupervisionRuntime(timeProvider, logger, new EventHub(), random ?? Random.Shared);
    }

    public SupervisionRuntime Runtime { get; }

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
    }

    // The state is Fatal before anyone awaiting GaveUp runs.
    private async Task ObserveGaveUpAsync(SupervisorNode root)
    {
        await root.GaveUp.Task.ConfigureAwait(false);
        _state = SupervisorState.Fatal;
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
        Runtime.Events.Watch(Runtime.Time, cancellationToken);

    private static void Collect(SupervisorNode node, List<ProcessTypeStatus> types)
    {
        foreach (object slot in node.Slots)
        {
            switch (slot)
            {
                case ProcessTypeSlot type:
                    types.Add(new ProcessTypeStatus(type.Spec.Name, type.Spec.Group, type.Spec.Count, Array.ConvertAll(type.Instances, static i => i.GetStatus())));
                    break;
                case GroupChild group:
                    Collect(group.Node, types);
                    break;
            }
        }
    }
}
