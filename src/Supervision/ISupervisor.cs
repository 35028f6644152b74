namespace Supervision;

/// <summary>The control surface of the supervisor tree, resolved from dependency injection.</summary>
public interface ISupervisor
{
    /// <summary>Gets a snapshot of every process type and instance: state, pid, restarts, uptime, last exit.</summary>
    SupervisorStatus GetStatus();

    /// <summary>
    /// Streams events from now on until <paramref name="cancellationToken"/> is cancelled. Any number of readers
    /// may watch; a reader that falls behind is told how many events it missed and never slows supervision.
    /// </summary>
    IAsyncEnumerable<SupervisionEvent> WatchAsync(CancellationToken cancellationToken = default);
}
