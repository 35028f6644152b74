using Supervision.Runs;
using Supervision.Telemetry;

namespace Supervision.Engine;

/// <summary>
/// A supervisor: one control loop reading a queue of messages (a child exited, backoffs due, stop, control),
/// owning an ordered list of children and applying its strategy, backoff and restart intensity to them.
/// Nothing here is locked: only the loop mutates the children.
/// </summary>
internal sealed partial class SupervisorNode
{
    private static readonly Task<bool> Escalated = Task.FromResult(true);

    private readonly Inbox _inbox = new();
    private readonly RestartIntensity _intensity;
    private readonly RestartDecider _decider;
    private readonly DueSchedule _due;
    private readonly ProcessGroupOptions _options;
    private SupervisorSlot[] _slots = [];
    private SupervisedChild[] _children = [];
    private Task _loop = Task.CompletedTask;
    private GroupChild? _self;
    private int _parentGeneration;
    private int _run;
    private volatile bool _stopping;

    // AllSignificant: the first failure among the significant children that ended, which the end must report.
    private ProcessExit? _significantFailure;

    // The start in progress (the initial one, or a restart set's): the order of the next slot to start, -1 when none.
    // A slot starts once every child of the slots before it is ready; _startDone completes when the last has started.
    private int _startOrder = -1;
    private bool _startPendingOnly;
    private TaskCompletionSource? _startDone;

    // The pending restart set (one for all, rest for one): its members carry PendingRestart; it starts as one unit
    // at _restartSetDueAt, through the backoff entry of _restartSetGeneration.
    private bool _restartSetPending;
    private long _restartSetDueAt;
    private int _restartSetGeneration;

    // An exit handled outside the loop (PostAndContinueHere) that did not finish there; the loop awaits it first.
    private Task<bool>? _unfinishedTurn;

    // The execution context the loop runs in, captured when it starts; an exit is handled outside it only in the same.
    private ExecutionContext? _loopContext;

    public SupervisorNode(string name, ProcessGroupOptions options, SupervisionRuntime runtime)
    {
        Name = name;
        _options = options;
        Runtime = runtime;
        _intensity = new RestartIntensity(options.MaxRestarts, options.RestartWindow, runtime.Time);
        _decider = new RestartDecider(options.Strategy, _intensity, runtime.Random);
        _due = new DueSchedule(runtime.Time, () => Post(SupervisorMessage.BackoffsDue()));
    }

    /// <summary>The group name; empty for the root.</summary>
    public string Name { get; }

    public SupervisionRuntime Runtime { get; }

    public SupervisionStrategy Strategy => _options.Strategy;

    /// <summary>Type slots and nested groups in start order.</summary>
    public IReadOnlyList<SupervisorSlot> Slots => _slots;

    /// <summary>
    /// The one walk of the tree: every slot of this supervisor and of the groups under it, in start order (a group
    /// before what it holds), with the supervisor that owns it.
    /// </summary>
    public IEnumerable<(SupervisorNode Owner, SupervisorSlot Slot)> AllSlots()
    {
        foreach (SupervisorSlot slot in _slots)
        {
            yield return (this, slot);
            if (slot is GroupSlot group)
            {
                foreach ((SupervisorNode, SupervisorSlot) nested in group.Node.AllSlots())
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>Every process type slot of the tree under this supervisor, in start order, with the supervisor that owns it.</summary>
    public IEnumerable<(SupervisorNode Owner, ProcessTypeSlot Slot)> TypeSlots() =>
        AllSlots().Where(static s => s.Slot is ProcessTypeSlot).Select(static s => (s.Owner, (ProcessTypeSlot)s.Slot));

    /// <summary>This supervisor and every process group under it, each with a control loop of its own.</summary>
    public IEnumerable<SupervisorNode> SelfAndGroups() =>
        AllSlots().Where(static s => s.Slot is GroupSlot).Select(static s => ((GroupSlot)s.Slot).Node).Prepend(this);

    /// <summary>Completes when the root gives up; never completes for a group or a tree stopped on request.</summary>
    public TaskCompletionSource GaveUp { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Why the root gave up: a <see cref="SupervisionGaveUpException"/> (restart intensity) or the exception its loop failed with.</summary>
    public Exception? GaveUpCause { get; private set; }

    /// <summary>Completes when the root shut itself down (<see cref="ProcessGroupOptions.AutoShutdown"/>), after it stopped everything.</summary>
    public TaskCompletionSource ShutDown { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The exit of the significant child that ended the root: its last one, or the first failure among them.</summary>
    public ProcessExit? ShutDownExit { get; private set; }

    /// <summary>Whether significant children can end this supervisor.</summary>
    public bool CanShutItselfDown => _options.AutoShutdown != AutoShutdown.Never;

    /// <summary>Whether this supervisor's last run ended because significant children did; set before its parent hears of it.</summary>
    public bool ShutItselfDown { get; private set; }

    public void AddType(string name, int count, ProcessTypeOptions options, int? port, ProcessLauncher launcher)
    {
        var slot = new ProcessTypeSlot(name, Name.Length == 0 ? null : Name, _slots.Length, options, port, launcher);
        var instances = new InstanceChild[count];
        for (int i = 0; i < instances.Length; i++)
        {
            instances[i] = new InstanceChild(this, slot, i + 1);
        }

        slot.Instances = instances;
        _slots = [.. _slots, slot];
        _children = [.. _children, .. instances];
    }

    public void AddGroup(SupervisorNode group)
    {
        var child = new GroupChild(this, _slots.Length, group);
        group._self = child;
        _slots = [.. _slots, new GroupSlot(child)];
        _children = [.. _children, child];
    }

    public void Post(in SupervisorMessage message) => _inbox.Post(message, continueHere: false);

    /// <summary>Puts a deadline or probe of <paramref name="child"/>'s current run on the schedule; loop only.</summary>
    public void Schedule(SupervisedChild child, DueKind kind, long dueAt) => _due.Add(new DueEntry(child, child.Generation, kind), dueAt);

    /// <summary>
    /// Posts the end of an in-process run from the thread it ended on. When the loop is idle and this is a plain
    /// thread-pool thread, the exit is handled right here while the loop stays suspended in its wait (no resumption,
    /// no second wait); whatever cannot finish synchronously (an escalation) is handed to the loop,
    /// which picks it up before anything else.
    /// </summary>
    public void PostAndContinueHere(in SupervisorMessage message)
    {
        if (!_inbox.TryClaimIdleLoop())
        {
            _inbox.Enqueue(message, continueHere: true);
            return;
        }

        // This thread holds the loop now. The loop's own work: an exit on any other thread than a plain pool one,
        // advancing a rolling restart under way (after each message), and any exit that reaches it in an execution
        // context other than the loop's (a worker that set an AsyncLocal, say), which must not leak into the
        // supervisor's logs, events and next runs.
        if (!Inbox.OnPlainThreadPoolThread() || _restarts.Count != 0 || _startOrder >= 0 || ExecutionContext.Capture() != _loopContext)
        {
            _inbox.HandToClaimedLoop(message);
            return;
        }

        Task<bool>? unfinished = null;
        try
        {
            // The run ended a moment ago on this thread: its own timestamp serves as now, one clock read per restart.
            ValueTask<bool> turn = OnChildExitedAsync(message, now: message.EndedAt);
            if (!turn.IsCompletedSuccessfully)
            {
                unfinished = turn.AsTask();
            }
            else if (turn.Result)
            {
                unfinished = Escalated;
            }
        }
        catch (Exception exception)
        {
            // A bug in the bookkeeping: it surfaces in the loop, as it would have there, not on a worker's thread.
            unfinished = Task.FromException<bool>(exception);
        }

        if (unfinished is null)
        {
            _inbox.ReleaseIdleLoop();
        }
        else
        {
            _unfinishedTurn = unfinished;
            _inbox.Wake(continueHere: true);
        }
    }

    /// <summary>Starts the loop and returns once every child has been started in order.</summary>
    public Task StartAsync(int generation, CancellationToken cancellationToken)
    {
        _parentGeneration = generation;
        _run++;
        _stopping = false;
        (ShutItselfDown, _significantFailure) = (false, null);
        _intensity.Clear();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _loop = RunAsync(_loop, started);
        return started.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops every child (see <see cref="StopOrder"/>); waits no longer than <paramref name="budget"/> allows.</summary>
    public async Task StopAsync(StopBudget budget)
    {
        _stopping = true;
        if (_loop.IsCompleted)
        {
            return;
        }

        var request = new StopRequest(_run, budget);
        Post(SupervisorMessage.StopAll(request));

        // The loop may end on its own (escalation) before it reads the request; it stopped everything then.
        await Task.WhenAny(request.Done.Task, _loop).ConfigureAwait(false);
    }

    private async Task RunAsync(Task previousRun, TaskCompletionSource started)
    {
        _loopContext = ExecutionContext.Capture();
        // A group restarted after it escalated: its previous loop may still be returning. Leaving the caller's
        // thread here also keeps the loop on the thread pool from now on (see Inbox for the one shortcut).
        await previousRun.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
        try
        {
            _startDone = started;
            foreach (SupervisorSlot slot in _slots)
            {
                if (slot is ProcessTypeSlot { RestartSchedule: not null } type)
                {
                    ScheduleRestart(type);
                }
            }

            await StartChildrenAsync(pendingOnly: false).ConfigureAwait(false);
            await ProcessMessagesAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // Crash-only: a loop that throws is a failed supervisor, never one that looks alive. It stops what it
            // can and fails to its parent; the root gives up (critical log, non-zero exit, application stopped).
            Log.LoopFailed(Runtime.Logger, _self is null ? "root" : Name, exception);
            await FailAsync(exception).ConfigureAwait(false);
            started.TrySetResult();
        }
        finally
        {
            _due.Clear();
        }
    }

    private async Task ProcessMessagesAsync()
    {
        while (true)
        {
            if (!_inbox.TryRead(out SupervisorMessage message))
            {
                await _inbox.WaitAsync().ConfigureAwait(false);
                if (_unfinishedTurn is { } turn)
                {
                    _unfinishedTurn = null;
                    if (await turn.ConfigureAwait(false))
                    {
                        return;
                    }
                }

                continue;
            }

            switch (message.Kind)
            {
                case SupervisorMessageKind.Exited:
                    if (await OnChildExitedAsync(message, Runtime.Time.GetTimestamp()).ConfigureAwait(false))
                    {
                        return;
                    }

                    break;

                case SupervisorMessageKind.BackoffsDue:
                    while (_due.TryTakeDue(out DueEntry entry))
                    {
                        if (await OnDueAsync(entry, Runtime.Time.GetTimestamp()).ConfigureAwait(false))
                        {
                            return;
                        }
                    }

                    break;

                case SupervisorMessageKind.Ready:
                    OnChildReady(message.Child!, message.Generation);
                    break;

                case SupervisorMessageKind.Stop when message.Stop!.Run != _run:
                    // Asked of a run that ended before it read the request; that run had stopped everything.
                    message.Stop.Done.TrySetResult();
                    break;

                case SupervisorMessageKind.Stop:
                    await StopChildrenAsync(InstanceState.Stopped, message.Stop!.Budget).ConfigureAwait(false);
                    EndStart();
                    FailPendingRequests();
                    message.Stop.Done.TrySetResult();
                    return;

                case SupervisorMessageKind.Control:
                    await OnControlRequestAsync(message.Control!).ConfigureAwait(false);
                    break;
            }

            if (_startOrder >= 0)
            {
                await ContinueStartAsync().ConfigureAwait(false);
            }

            if (_restarts.Count != 0)
            {
                await AdvanceRestartsAsync().ConfigureAwait(false);
            }
        }
    }
}
