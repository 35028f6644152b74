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
        Completion = Task.Factory.StartNew(static state => ((InProcessRun)state!).RunAsync(), this, CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default).Unwrap();
    }

    public override Task<ProcessExit> Completion { get; }

    public override void RequestStop() => _stopping.Cancel();

    // A worker that ignores its token cannot be forced; it is left to finish on its own and its scope is disposed then.
    public override Task KillAsync() => Task.CompletedTask;

    private async Task<ProcessExit> RunAsync()
    {
        ProcessExit exit;
        try
        {
            await _worker.RunAsync(_context, _stopping.Token).ConfigureAwait(false);
            exit = new ProcessExit(_stopping.IsCancellationRequested ? ExitReason.Stopped : ExitReason.Completed);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            exit = new ProcessExit(ExitReason.Stopped);
        }
        catch (Exception exception)
        {
            exit = new ProcessExit(ExitReason.Failed, exception);
        }

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
