using Microsoft.Extensions.DependencyInjection;
using Supervision.Runs;

namespace Supervision.InProcess;

/// <summary>
/// The runs of one in-process worker instance, one after the other, each on the thread pool so that a worker's
/// synchronous prefix never blocks its supervisor. The object is handed back to its instance when a run has ended
/// and reused for the next one, so that a restart allocates nothing of the supervisor's own; it holds no
/// async state machine: the run is a thread-pool work item and a continuation on the worker's task.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token source has no timer to release, and disposing it would race a late RequestStop.")]
internal sealed class InProcessRun : RunningProcess, IThreadPoolWorkItem
{
    /// <summary>In <see cref="_completion"/>: the run ended before anyone asked for <see cref="Completion"/>.</summary>
    private static readonly object Ended = new();

    // Most runs end plainly: a stop that finds its run already over gets a shared task rather than a new one.
    private static readonly Task<ProcessExit> StoppedTask = Task.FromResult(new ProcessExit(ExitReason.Stopped));
    private static readonly Task<ProcessExit> CompletedTask = Task.FromResult(new ProcessExit(ExitReason.Completed));

    private static readonly ContextCallback RunInContext = static state => ((InProcessRun)state!).RunWorker();

    private readonly RunChannel _channel;
    private readonly Action _onWorkerEnded;
    private CancellationTokenSource _stopping = new();
    private IProcess? _worker;
    private ProcessContext? _context;
    private AsyncServiceScope _scope;
    private ExecutionContext? _executionContext;
    private Task? _run;
    private int _generation;
    private ProcessExit _exit;

    // Null while the run goes on and nobody waits; the waiter's source once a stop asks; Ended once it ended unasked.
    private object? _completion;

    public InProcessRun(RunChannel channel)
    {
        _channel = channel;
        _onWorkerEnded = OnWorkerEnded;
    }

    /// <summary>Made on demand: only a stop waits for a run, so a restart makes no task for it.</summary>
    public override Task<ProcessExit> Completion
    {
        get
        {
            object? state = Volatile.Read(ref _completion);
            if (state is null)
            {
                var waiter = new TaskCompletionSource<ProcessExit>();
                state = Interlocked.CompareExchange(ref _completion, waiter, null) ?? waiter;
            }

            return state is TaskCompletionSource<ProcessExit> source ? source.Task : Finished(_exit);
        }
    }

    public override void RequestStop() => _stopping.Cancel();

    // A worker that ignores its token cannot be forced; it is left to finish on its own and its scope is disposed then.
    public override Task KillAsync() => Task.CompletedTask;

    /// <summary>
    /// Starts run <paramref name="generation"/> on the thread pool. Called by the control loop, which also makes
    /// every <see cref="RequestStop"/>, on a run that has ended: nothing else touches the object now.
    /// </summary>
    public void Start(IProcess worker, ProcessContext context, AsyncServiceScope scope, int generation)
    {
        // A stopped run's token stays cancelled; otherwise the source is reset, which also drops whatever the
        // previous run registered on it, so nothing of that run fires when this one stops.
        if (!_stopping.TryReset())
        {
            _stopping = new CancellationTokenSource();
        }

        _worker = worker;
        _context = context;
        _scope = scope;
        _generation = generation;
        _exit = default;
        _completion = null;

        // The worker runs in the context the run was started from, as it would after an await.
        _executionContext = ExecutionContext.Capture();
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
    }

    void IThreadPoolWorkItem.Execute()
    {
        if (_executionContext is { } context)
        {
            ExecutionContext.Run(context, RunInContext, this);
        }
        else
        {
            RunWorker();
        }
    }

    private static Task<ProcessExit> Finished(ProcessExit exit) =>
        exit == StoppedTask.Result ? StoppedTask : exit == CompletedTask.Result ? CompletedTask : Task.FromResult(exit);

    private void RunWorker()
    {
        Task? run;
        try
        {
            run = _worker!.RunAsync(_context!, _stopping.Token);
        }
        catch (Exception exception)
        {
            run = Task.FromException(exception);
        }

        // Nothing may throw on a thread-pool thread here: that would take the host down.
        _run = run ?? Task.FromException(new InvalidOperationException($"{_worker!.GetType()}.RunAsync returned null instead of a task."));
        if (_run.IsCompleted)
        {
            OnWorkerEnded();
        }
        else
        {
            _run.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onWorkerEnded);
        }
    }

    private void OnWorkerEnded()
    {
        Task run = _run!;
        _run = null;
        bool stopping = _stopping.IsCancellationRequested;

        // The outcome is read from the task rather than rethrown: a throw per failed run costs more than the restart.
        ProcessExit exit = run.Status switch
        {
            TaskStatus.RanToCompletion => new ProcessExit(stopping ? ExitReason.Stopped : ExitReason.Completed),
            TaskStatus.Canceled when stopping => new ProcessExit(ExitReason.Stopped),
            TaskStatus.Canceled => new ProcessExit(ExitReason.Failed, new TaskCanceledException(run)),
            _ when stopping && run.Exception!.InnerException is OperationCanceledException => new ProcessExit(ExitReason.Stopped),
            _ => new ProcessExit(ExitReason.Failed, run.Exception!.InnerException),
        };

        AsyncServiceScope scope = _scope;
        (_worker, _context, _scope) = (null, null, default);
        ValueTask disposed;
        try
        {
            disposed = scope.DisposeAsync();
        }
        catch (Exception exception)
        {
            disposed = ValueTask.FromException(exception);
        }

        if (disposed.IsCompletedSuccessfully)
        {
            disposed.GetAwaiter().GetResult();
            End(exit);
        }
        else
        {
            _ = EndAfterDisposeAsync(disposed, exit);
        }
    }

    private async Task EndAfterDisposeAsync(ValueTask disposed, ProcessExit exit)
    {
        try
        {
            await disposed.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // A failure to clean up is reported, unless the run already failed for a reason of its own.
            if (!exit.IsFailure)
            {
                exit = new ProcessExit(ExitReason.Failed, exception);
            }
        }

        End(exit);
    }

    /// <summary>The scope is disposed: hands the object back to its instance, then reports the end.</summary>
    private void End(ProcessExit exit)
    {
        RunChannel channel = _channel;
        int generation = _generation;
        _exit = exit;
        object? waiter = Interlocked.Exchange(ref _completion, Ended);

        // From here the instance may start its next run on this object at any moment: only locals below.
        channel.ReturnIdleRun(this);
        (waiter as TaskCompletionSource<ProcessExit>)?.TrySetResult(exit);
        channel.Ended(generation, exit, continueHere: true);
    }
}
