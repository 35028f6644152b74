namespace Supervision;

/// <summary>
/// An in-process worker supervised by Supervision. A fresh instance, resolved from a fresh dependency
/// injection scope, runs for every start and every restart of a process instance.
/// </summary>
public interface IProcess
{
    /// <summary>Runs the worker until it completes, fails, or <paramref name="stoppingToken"/> is cancelled.</summary>
    /// <param name="context">Which instance this is and how often it was restarted.</param>
    /// <param name="stoppingToken">Cancelled when the instance is asked to stop.</param>
    /// <returns>A task that completes when the worker is done. A fault is a failure; a normal completion is an exit.</returns>
    Task RunAsync(ProcessContext context, CancellationToken stoppingToken);
}
