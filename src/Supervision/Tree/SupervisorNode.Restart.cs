namespace Supervision;

internal sealed partial class SupervisorNode
{
    /// <summary>
    /// Applies policy, restart intensity and backoff to a child's exit. Not an async method: the common case (one
    /// for one, no delay left) restarts the child synchronously, and a state machine per restart would cost more
    /// than the rest of the bookkeeping (issue #5, B1).
    /// </summary>
    /// <param name="message">The exit.</param>
    /// <param name="exitedJustNow">
    /// Whether the run ended a moment ago, on this thread: a restart without delay then counts the new run from the
    /// exit's own timestamp rather than read the clock again (B1); an exit that waited in the queue reads the clock.
    /// </param>
    /// <returns><see langword="true"/> when this supervisor escalated and its loop must end.</returns>
    private ValueTask<bool> OnChildExitedAsync(in SupervisorMessage message, bool exitedJustNow)
    {
        SupervisedChild child = message.Child!;
        if (message.Generation != child.Generation || _stopping)
        {
            return new ValueTask<bool>(false);
        }

        child.OnExited(message.Exit);
        if (!child.ShouldRestart(message.Exit))
        {
            Log.NotRestarted(Runtime.Logger, child.Name, child.Policy);
            return new ValueTask<bool>(false);
        }

        if (!_intensity.TryRecord(message.EndedAt))
        {
            return EscalateAndEndAsync();
        }

        if (child is InstanceChild instance)
        {
            Runtime.Metrics.RecordRestart(instance.Spec.Name, SupervisionMetrics.ReasonOf(message.Exit.Reason));
        }

        TimeSpan delay = child.NextRestartDelay(message.EndedAt);
        if (Strategy != SupervisionStrategy.OneForOne)
        {
            return RestartSetAsync(child, delay, message.EndedAt);
        }

        ValueTask restarted = ScheduleRestart(child, delay, message.EndedAt, exitedJustNow);
        return restarted.IsCompletedSuccessfully ? new ValueTask<bool>(false) : AwaitNotEnded(restarted);
    }

    private async ValueTask<bool> EscalateAndEndAsync()
    {
        await EscalateAsync().ConfigureAwait(false);
        return true;
    }

    private async ValueTask<bool> RestartSetAsync(SupervisedChild failed, TimeSpan delay, long endedAt)
    {
        await StopRestartSetAsync(failed).ConfigureAwait(false);
        await ScheduleRestart(failed, delay, endedAt, exitedJustNow: false).ConfigureAwait(false);
        return false;
    }

    private static async ValueTask<bool> AwaitNotEnded(ValueTask restarted)
    {
        await restarted.ConfigureAwait(false);
        return false;
    }

    /// <summary>Schedules the child's restart after its backoff; restarts it now when nothing is left to wait for.</summary>
    private ValueTask ScheduleRestart(SupervisedChild child, TimeSpan delay, long endedAt, bool exitedJustNow)
    {
        child.PendingRestart = true;

        // Nothing left to wait for (no backoff, or a restart set that took longer to stop): restart now rather than
        // through another message.
        return child.ScheduleRestart(delay, endedAt, exitedJustNow, out long now) ? OnBackoffElapsedAsync(child, child.Generation, now) : ValueTask.CompletedTask;
    }

    /// <summary>Restarts <paramref name="child"/> (and its restart set), whose backoff ended; <paramref name="now"/> is about now.</summary>
    private ValueTask OnBackoffElapsedAsync(SupervisedChild child, int generation, long now)
    {
        if (generation != child.Generation || child.State != InstanceState.Backoff || _stopping)
        {
            return ValueTask.CompletedTask;
        }

        if (Strategy == SupervisionStrategy.OneForOne)
        {
            child.PendingRestart = false;
            return child.StartAsync(now);
        }

        // The failed child's delay is over: its whole restart set starts again, in order.
        return StartChildrenAsync(pendingOnly: true);
    }

    /// <summary>Stops the siblings that restart with <paramref name="failed"/>, in reverse start order.</summary>
    private async Task StopRestartSetAsync(SupervisedChild failed)
    {
        // RestForOne: the failed child and the slots started after it; instances of its own type are peers
        // started together with it, not after it, so they keep running.
        int fromOrder = Strategy == SupervisionStrategy.OneForAll ? 0 : failed.Order + 1;
        foreach (SupervisedChild sibling in _children)
        {
            if (sibling != failed && sibling.Order >= fromOrder)
            {
                // A child that had ended for good (Never, or OnFailure after a clean exit) is not resurrected;
                // a running Never child is stopped and stays stopped, as an OTP temporary child.
                bool live = sibling.State is InstanceState.Running or InstanceState.Starting || sibling.PendingRestart;
                sibling.PendingRestart = live && sibling.Policy != RestartPolicy.Never;
            }
        }

        await StopInReverseAsync(fromOrder, failed, InstanceState.Stopped, CancellationToken.None).ConfigureAwait(false);
        foreach (SupervisedChild sibling in _children)
        {
            if (sibling.PendingRestart && sibling != failed)
            {
                sibling.State = InstanceState.Backoff;
            }
        }
    }

    private async Task EscalateAsync()
    {
        bool isRoot = _self is null;
        Log.Escalated(Runtime.Logger, isRoot ? "root" : Name, _options.MaxRestarts, _options.RestartWindow);
        Runtime.Publish(isRoot ? SupervisionEventKind.GaveUp : SupervisionEventKind.Escalated, Name);
        _stopping = true;
        await StopInReverseAsync(0, null, isRoot ? InstanceState.Fatal : InstanceState.Stopped, CancellationToken.None).ConfigureAwait(false);
        if (_self is null)
        {
            GaveUp.TrySetResult();
        }
        else
        {
            _self.Parent.Post(SupervisorMessage.Exited(_self, _parentGeneration, new ProcessExit(ExitReason.Failed, new SupervisionGaveUpException(Name, _options.MaxRestarts, _options.RestartWindow))));
        }
    }

    private Task StopChildrenAsync(InstanceState finalState, CancellationToken deadline)
    {
        _stopping = true;
        return StopInReverseAsync(0, null, finalState, deadline);
    }

    /// <summary>
    /// Starts children in order: each slot after the one before it has started, the instances of one type together.
    /// </summary>
    private async ValueTask StartChildrenAsync(bool pendingOnly)
    {
        foreach (SupervisedChild child in _children)
        {
            if (_stopping)
            {
                return;
            }

            if (pendingOnly && !child.PendingRestart)
            {
                continue;
            }

            child.PendingRestart = false;
            await child.StartAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stops children from the last slot back to <paramref name="fromOrder"/>, the instances of one slot in
    /// parallel. When <paramref name="except"/> is set (a restart set), only children marked to restart or
    /// still running are stopped.
    /// </summary>
    private async Task StopInReverseAsync(int fromOrder, SupervisedChild? except, InstanceState finalState, CancellationToken deadline)
    {
        SupervisedChild[] children = _children;
        for (int last = children.Length - 1; last >= 0;)
        {
            int order = children[last].Order;
            if (order < fromOrder)
            {
                break;
            }

            int first = last;
            while (first > 0 && children[first - 1].Order == order)
            {
                first--;
            }

            await StopSlotAsync(children, first, last, except, finalState, deadline).ConfigureAwait(false);
            last = first - 1;
        }
    }

    /// <summary>
    /// Stops one slot, <c>children[first..last]</c>. The instances of a type share their stop timeout: one wait for
    /// them all rather than a timer each, which matters when a type has a hundred thousand instances.
    /// </summary>
    private async Task StopSlotAsync(SupervisedChild[] children, int first, int last, SupervisedChild? except, InstanceState finalState, CancellationToken deadline)
    {
        if (children[first] is GroupChild group)
        {
            if (ShouldStop(group, except))
            {
                await group.StopAsync(finalState, deadline).ConfigureAwait(false);
            }

            return;
        }

        // Every run is readied first, then all are asked: a hundred children get their signals within a few
        // milliseconds of each other rather than each after the one before has begun to exit (B5).
        for (int i = last; i >= first; i--)
        {
            if (ShouldStop(children[i], except))
            {
                ((InstanceChild)children[i]).PrepareStop();
            }
        }

        List<Task>? pending = null;
        for (int i = last; i >= first; i--)
        {
            var instance = (InstanceChild)children[i];
            if (ShouldStop(instance, except))
            {
                Task completion = instance.RequestStop(finalState);
                if (!completion.IsCompleted)
                {
                    (pending ??= []).Add(completion);
                }
            }
        }

        Task stopped = pending is null
            ? Task.CompletedTask
            : Task.WhenAll(pending).WaitAsync(((InstanceChild)children[first]).Spec.StopTimeout, Runtime.Time, deadline);
        for (int i = last; i >= first; i--)
        {
            ((InstanceChild)children[i]).PublishStopping();
        }

        await stopped.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        List<Task>? finishing = null;
        for (int i = last; i >= first; i--)
        {
            Task finish = ((InstanceChild)children[i]).FinishStopAsync(finalState);
            if (!finish.IsCompleted)
            {
                (finishing ??= []).Add(finish);
            }
        }

        if (finishing is not null)
        {
            await Task.WhenAll(finishing).ConfigureAwait(false);
        }
    }

    private static bool ShouldStop(SupervisedChild child, SupervisedChild? except) =>
        child != except && (except is null || child.PendingRestart || child.State is InstanceState.Running or InstanceState.Starting);
}
