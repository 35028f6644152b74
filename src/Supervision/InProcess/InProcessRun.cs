using Microsoft.Extensions.DependencyInjection;

namespace Supervision;

/// <summary>One run of an in-process worker on the thread pool, so that a worker's synchronous prefix never blocks its supervisor.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token source has no timer to release, and disposing it would race a late RequestStop.")]
internal sealed class InProcessRun : RunningProcess
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly IProcess _worker;
    private readonly ProcessContext _context;
    private readonly AsyncServiceScope _scope;
    private readonly InstanceChild _instance;
    private readonly int _generation;

    public InProcessRun(IProcess worker, ProcessContext context, AsyncServiceScope scope, InstanceChild instance, int generation)
    {
        _worker = worker;
        _context = context;
        _scope = scope;
        _instance = instance;
        _generation = generation;
        Completion = RunAsync();
    }

    public override Task<ProcessExit> Completion { get; }

    public override void RequestStop() => _stopping.Cancel();

    // A worker that ignores its token cannot be forced; it is left to finish on its own and its scope is disposed then.
    public override Task KillAsync() => Task.CompletedTask;

    private async Task<ProcessExit> RunAsync()
    {
        // Off the supervisor's thread before the worker runs: its synchronous prefix never blocks the loop.
        await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        Task run;
        try
        {
            run = _worker.RunAsync(_context, _stopping.Token);
        }
        catch (Exception exception)
        {
            run = Task.FromException(exception);
        }

        // The outcome is read from the task rather than rethrown: a throw per failed run costs more than the restart.
        await run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        bool stopping = _stopping.IsCancellationRequested;
        ProcessExit exit = run.Status switch
        {
            TaskStatus.RanToCompletion => new ProcessExit(stopping ? ExitReason.Stopped : ExitReason.Completed),
            TaskStatus.Canceled when stopping => new ProcessExit(ExitReason.Stopped),
            TaskStatus.Canceled => new ProcessExit(ExitReason.Failed, new TaskCanceledException(run)),
            _ when stopping && run.Exception!.InnerException is OperationCanceledException => new ProcessExit(ExitReason.Stopped),
            _ => new ProcessExit(ExitReason.Failed, run.Exception!.InnerException),
        };

        try
        {
            await _scope.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // A failure to clean up is reported, unless the run already failed for a reason of its own.
            if (!exit.IsFailure)
            {
                exit = new ProcessExit(ExitReason.Failed, exception);
            }
        }

        _instance.OnRunEnded(_generation, exit);
        return exit;
    }
}
