using Supervision.Telemetry;

namespace Supervision.Engine;

internal sealed partial class SupervisorNode
{
    /// <summary>
    /// Handles a child's exit: the <see cref="RestartDecider"/> decides, this applies. Not an async method: the
    /// common case (one for one, no delay left) restarts the child synchronously, and a state machine per restart
    /// would cost more than the rest of the bookkeeping.
    /// </summary>
    /// <param name="message">The exit.</param>
    /// <param name="now">About now on the supervisor's clock: a restart without delay counts its new run from it.</param>
    /// <returns><see langword="true"/> when this supervisor escalated and its loop must end.</returns>
    private ValueTask<bool> OnChildExitedAsync(in SupervisorMessage message, long now)
    {
        SupervisedChild child = message.Child!;
        if (message.Generation != child.Generation || _stopping)
        {
            return new ValueTask<bool>(false);
        }

        ProcessExit exit = message.Exit;
        ExitVerdict verdict = child.Judge(ref exit);
        child.OnExited(exit);
        RestartDecision decision = _decider.Decide(child.Policy, exit, verdict, message.EndedAt, child.RanFor(message.EndedAt), child.Backoff, ref child.BackoffAttempt);
        switch (decision.Action)
        {
            case RestartAction.LeaveEnded:
                return OnEndedForGood(child, exit, verdict);
            case RestartAction.Escalate:
                return EscalateAndEndAsync();
            case RestartAction.TerminateTree:
                Log.TreeTerminated(Runtime.Logger, child.Name, exit.Exception);
                return FailAndEndAsync(exit.Exception!);
            case RestartAction.RestartSet:
                return RestartSetAsync(child, exit, decision.Delay, message.EndedAt);
        }

        return NotEnded(RestartAfter(child, exit, decision.Delay, message.EndedAt, now));
    }

    /// <summary>A child ended for good: it is logged as such, and a significant one may end this supervisor.</summary>
    private ValueTask<bool> OnEndedForGood(SupervisedChild child, in ProcessExit exit, ExitVerdict verdict)
    {
        if (verdict == ExitVerdict.ByPolicy)
        {
            Log.NotRestarted(Runtime.Logger, child.Name, child.Policy);
        }
        else if (child is InstanceChild { Slot.Readiness.Probe: ReadinessProbe.Completed } && !exit.IsFailure)
        {
            Log.InitStepCompleted(Runtime.Logger, child.Name);
        }
        else
        {
            Log.EndedForGood(Runtime.Logger, child.Name, exit);
        }

        if (!child.Significant || _options.AutoShutdown == AutoShutdown.Never)
        {
            return new ValueTask<bool>(false);
        }

        // All significant: the end is that of the last one, or a failure among them, which the exit code must not lose.
        if (exit.IsFailure && _significantFailure is null)
        {
            _significantFailure = exit;
        }

        // A significant child stopped by its supervisor (a restart set, as an OTP temporary child) is gone, not waited for.
        if (_options.AutoShutdown == AutoShutdown.AllSignificant && Array.Exists(_children, static c => c.Significant && c.State is not (InstanceState.Exited or InstanceState.Failed or InstanceState.Stopped)))
        {
            return new ValueTask<bool>(false);
        }

        Log.AutoShutdown(Runtime.Logger, _self is null ? "root" : Name, _options.AutoShutdown, child.Name, exit);
        return ShutItselfDownAsync(_significantFailure ?? exit);
    }

    private ValueTask<bool> EscalateAndEndAsync()
    {
        Log.Escalated(Runtime.Logger, _self is null ? "root" : Name, _options.MaxRestarts, _options.RestartWindow);
        return FailAndEndAsync(new SupervisionGaveUpException(Name, _options.MaxRestarts, _options.RestartWindow));
    }

    private async ValueTask<bool> FailAndEndAsync(Exception cause)
    {
        await FailAsync(cause).ConfigureAwait(false);
        return true;
    }

    private static async ValueTask<bool> AwaitNotEnded(ValueTask restarted)
    {
        await restarted.ConfigureAwait(false);
        return false;
    }

    /// <summary>One for one: the child alone starts again once <paramref name="delay"/> after its end is over; now if it is.</summary>
    private ValueTask RestartAfter(SupervisedChild child, in ProcessExit exit, TimeSpan delay, long endedAt, long now)
    {
        child.State = InstanceState.Backoff;
        long dueAt = DueSchedule.DueAt(Runtime.Time, endedAt, delay);
        bool due = dueAt <= now;
        if (!due)
        {
            _due.Add(new DueEntry(child, child.Generation, DueKind.Restart), dueAt);
        }

        // Reported once the timer is armed, so that whoever sees it can advance time past the delay. It carries the
        // formula's delay even when part of it has passed already (or all of it: the restart then follows at once).
        child.OnRestartScheduled(exit, delay);
        return due ? child.StartAsync(now) : ValueTask.CompletedTask;
    }

    /// <summary>
    /// One for all, rest for one: the failed child's restart set stops in reverse start order, then starts again as
    /// one unit, in start order, once the failed child's backoff is over. A member never restarts on a schedule of
    /// its own. A failure while a set is pending joins it: the set grows, and starts at the later of the two times.
    /// </summary>
    private async ValueTask<bool> RestartSetAsync(SupervisedChild failed, ProcessExit exit, TimeSpan delay, long endedAt)
    {
        // Rest for one: the failed child and the slots started after it; instances of its own type are peers
        // started together with it, not after it, so they keep running.
        int fromOrder = Strategy == SupervisionStrategy.OneForAll ? 0 : failed.Order + 1;
        failed.PendingRestart = true;
        failed.State = InstanceState.Backoff;
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

        await StopInReverseAsync(fromOrder, failed, InstanceState.Stopped, default).ConfigureAwait(false);
        foreach (SupervisedChild member in _children)
        {
            if (member.PendingRestart)
            {
                member.State = InstanceState.Backoff;
            }
        }

        long dueAt = DueSchedule.DueAt(Runtime.Time, endedAt, delay);
        if (_restartSetPending && _restartSetDueAt > dueAt)
        {
            dueAt = _restartSetDueAt;
        }

        (_restartSetPending, _restartSetDueAt) = (true, dueAt);
        _restartSetGeneration++;
        bool due = dueAt <= Runtime.Time.GetTimestamp();
        if (!due)
        {
            _due.Add(new DueEntry(null, _restartSetGeneration, DueKind.Restart), dueAt);
        }

        failed.OnRestartScheduled(exit, delay);
        if (due)
        {
            await StartRestartSetAsync().ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>
    /// Something on the schedule is due: a backoff (one for one, the child it was for starts; otherwise the pending
    /// restart set does), a readiness deadline or probe, a liveness deadline, or a planned restart.
    /// </summary>
    /// <returns><see langword="true"/> when this supervisor escalated and its loop must end.</returns>
    private ValueTask<bool> OnDueAsync(in DueEntry entry, long now)
    {
        SupervisedChild? child = entry.Child;
        if (_stopping || (child is not null && entry.Generation != child.Generation))
        {
            return new ValueTask<bool>(false);
        }

        switch (entry.Kind)
        {
            case DueKind.Restart when child is null:
                return entry.Generation == _restartSetGeneration && _restartSetPending ? NotEnded(StartRestartSetAsync()) : new ValueTask<bool>(false);
            case DueKind.Restart:
                return child.State == InstanceState.Backoff ? NotEnded(child.StartAsync(now)) : new ValueTask<bool>(false);
            case DueKind.ReadyProbe when child is InstanceChild { State: InstanceState.Starting } instance:
                instance.ProbeReadiness(now);
                return new ValueTask<bool>(false);
            case DueKind.ReadyDeadline when child is InstanceChild { State: InstanceState.Starting } instance:
                return FailUnresponsiveAsync(instance, ExitReason.NotReady);
            case DueKind.AliveDeadline when child is InstanceChild { State: InstanceState.Running } instance:
                return instance.IsAlive(now) ? new ValueTask<bool>(false) : FailUnresponsiveAsync(instance, ExitReason.Hung);
            case DueKind.AliveProbe when child is InstanceChild { State: InstanceState.Running } instance:
                return instance.ProbeLiveness(now) ? new ValueTask<bool>(false) : FailUnresponsiveAsync(instance, ExitReason.Hung);
            case DueKind.LifetimeOver when child is InstanceChild { State: InstanceState.Running or InstanceState.Starting } instance:
                PlanRestart(SlotOf(instance), instance, "MaxLifetime");
                return new ValueTask<bool>(false);
            case DueKind.ScheduledRestart when _slots[entry.Generation] is ProcessTypeSlot slot:
                PlanRestart(slot, null, "RestartSchedule");
                ScheduleRestart(slot);
                return new ValueTask<bool>(false);
            default:
                return new ValueTask<bool>(false);
        }
    }

    private static ValueTask<bool> NotEnded(ValueTask started) =>
        started.IsCompletedSuccessfully ? new ValueTask<bool>(false) : AwaitNotEnded(started);

    /// <summary>
    /// An instance that did not become ready in time, or stopped showing it is alive: it is stopped with the one stop
    /// sequence, then its end goes through the decision like any failure.
    /// </summary>
    private async ValueTask<bool> FailUnresponsiveAsync(InstanceChild instance, ExitReason reason)
    {
        Log.Unresponsive(Runtime.Logger, instance.Name, reason == ExitReason.NotReady ? "did not become ready within its readiness timeout" : "stopped showing it is alive (liveness)");
        await StopSequence.RunAsync([instance], InstanceState.Stopped, Runtime.Time, CancellationToken.None).ConfigureAwait(false);
        long now = Runtime.Time.GetTimestamp();
        return await OnChildExitedAsync(SupervisorMessage.Exited(instance, instance.Generation, new ProcessExit(reason), now), now).ConfigureAwait(false);
    }

    /// <summary>A child's run is ready: it counts as running, and a start waiting for it goes on.</summary>
    private void OnChildReady(SupervisedChild child, int generation)
    {
        if (generation == child.Generation && child.State == InstanceState.Starting && !_stopping)
        {
            child.OnReady(Runtime.Time.GetTimestamp());
        }
    }

    private ValueTask StartRestartSetAsync()
    {
        _restartSetPending = false;
        return StartChildrenAsync(pendingOnly: true);
    }

    /// <summary>
    /// Crash-only end of this supervisor, after one restart too many, a fatal exit, or an exception in its loop: it
    /// stops every child, then fails to its parent; the root gives up.
    /// </summary>
    private async Task FailAsync(Exception cause)
    {
        bool isRoot = _self is null;
        if (!isRoot)
        {
            Runtime.Publish(SupervisionEventKind.Escalated, Name);
        }

        await StopEverythingAsync(isRoot ? InstanceState.Fatal : InstanceState.Stopped).ConfigureAwait(false);
        if (isRoot)
        {
            GaveUpCause = cause;
            GaveUp.TrySetResult();
        }
        else
        {
            _self!.Parent.Post(SupervisorMessage.Exited(_self, _parentGeneration, new ProcessExit(ExitReason.Failed, cause)));
        }
    }

    /// <summary>
    /// AutoShutdown: significant children ended, so this supervisor stops the others and ends, with the exit that
    /// ended it; the root's end stops the host, a group's is, to its parent, a significant child ending for good.
    /// </summary>
    private async ValueTask<bool> ShutItselfDownAsync(ProcessExit exit)
    {
        ShutItselfDown = true;
        await StopEverythingAsync(InstanceState.Stopped).ConfigureAwait(false);
        if (_self is null)
        {
            ShutDownExit = exit;
            ShutDown.TrySetResult();
        }
        else
        {
            _self.Parent.Post(SupervisorMessage.Exited(_self, _parentGeneration, exit));
        }

        return true;
    }

    /// <summary>Stops every child in reverse order as this supervisor ends. Nothing here may throw: a stop that fails falls back to asking every child to end at once.</summary>
    private async Task StopEverythingAsync(InstanceState finalState)
    {
        _stopping = true;
        _restartSetPending = false;
        EndStart();
        try
        {
            await StopInReverseAsync(0, null, finalState, default).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Log.LoopFailed(Runtime.Logger, _self is null ? "root" : Name, exception);
            StopAllAtOnce(finalState);
        }

        FailPendingRequests();
    }

    /// <summary>The last resort of a supervisor whose ordered stop failed: every run is asked and killed, no waiting.</summary>
    private void StopAllAtOnce(InstanceState finalState)
    {
        foreach (SupervisedChild child in _children)
        {
            try
            {
                if (child is InstanceChild instance)
                {
                    _ = instance.RequestStop(finalState);
                    _ = instance.FinishStopAsync(finalState);
                }
                else
                {
                    _ = ((GroupChild)child).StopAsync(finalState, new StopBudget(new CancellationToken(canceled: true)));
                }
            }
            catch (Exception exception)
            {
                Log.LoopFailed(Runtime.Logger, child.Name, exception);
            }
        }
    }

    private Task StopChildrenAsync(InstanceState finalState, StopBudget budget)
    {
        _stopping = true;
        return StopInReverseAsync(0, null, finalState, budget);
    }

    /// <summary>
    /// Starts children in order (all of them, or a restart set's members and what never started): a slot starts once
    /// every child of the slots before it is ready, the instances of one type together. The loop goes on meanwhile;
    /// <see cref="ContinueStartAsync"/> moves the start on after each message.
    /// </summary>
    private ValueTask StartChildrenAsync(bool pendingOnly)
    {
        (_startOrder, _startPendingOnly) = (0, pendingOnly);
        return ContinueStartAsync();
    }

    private async ValueTask ContinueStartAsync()
    {
        while (_startOrder >= 0 && !_stopping)
        {
            SupervisedChild[] children = _children;
            int first = Array.FindIndex(children, c => c.Order >= _startOrder);
            if (!EarlierSlotsReady(children, first < 0 ? children.Length : first))
            {
                return;
            }

            // Every slot started, and the last one is ready too: the formation is up.
            if (first < 0)
            {
                EndStart();
                return;
            }

            int order = children[first].Order;
            _startOrder = order + 1;
            for (int i = first; i < children.Length && children[i].Order == order; i++)
            {
                SupervisedChild child = children[i];
                if (_startPendingOnly && !child.PendingRestart && child.State != InstanceState.Pending)
                {
                    continue;
                }

                child.PendingRestart = false;
                await child.StartAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Whether every child before <c>children[first]</c> is ready: running, or ended for good by its policy.</summary>
    private static bool EarlierSlotsReady(SupervisedChild[] children, int first)
    {
        for (int i = 0; i < first; i++)
        {
            if (children[i].State is InstanceState.Pending or InstanceState.Starting or InstanceState.Backoff)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>No start in progress any more (done, or the supervisor stops or fails): whoever waits for it goes on.</summary>
    private void EndStart()
    {
        _startOrder = -1;
        _startDone?.TrySetResult();
        _startDone = null;
    }

    /// <summary>
    /// Stops children from the last slot back to <paramref name="fromOrder"/>, the instances of one slot in
    /// parallel. When <paramref name="except"/> is set (a restart set), only children marked to restart or
    /// still running are stopped.
    /// </summary>
    private async Task StopInReverseAsync(int fromOrder, SupervisedChild? except, InstanceState finalState, StopBudget budget)
    {
        SupervisedChild[] children = _children;
        for (int last = children.Length - 1; last >= 0;)
        {
            int order = children[last].Order;
            if (order < fromOrder)
            {
                break;
            }

            // Foreman's order, or OTP's when the time left cannot cover the slots still to stop one by one.
            if (_options.StopOrder == StopOrder.AllAtOnce || !budget.Covers(Runtime.Time, StopTime(children, last, fromOrder)))
            {
                await StopAllAtOnceAsync(children, last, fromOrder, except, finalState, budget).ConfigureAwait(false);
                return;
            }

            int first = SlotStart(children, last);
            await StopSlotAsync(children, first, last, except, finalState, budget).ConfigureAwait(false);
            last = first - 1;
        }
    }

    /// <summary>Asks every slot from <c>children[last]</c> back to <paramref name="fromOrder"/> at once, each with its own stop timeout.</summary>
    private async Task StopAllAtOnceAsync(SupervisedChild[] children, int last, int fromOrder, SupervisedChild? except, InstanceState finalState, StopBudget budget)
    {
        var slots = new List<Task>();
        while (last >= 0 && children[last].Order >= fromOrder)
        {
            int first = SlotStart(children, last);
            slots.Add(StopSlotAsync(children, first, last, except, finalState, budget));
            last = first - 1;
        }

        await Task.WhenAll(slots).ConfigureAwait(false);
    }

    /// <summary>How long stopping the slots from <c>children[last]</c> back to <paramref name="fromOrder"/> one after the other may take.</summary>
    private static TimeSpan StopTime(SupervisedChild[] children, int last, int fromOrder)
    {
        TimeSpan total = TimeSpan.Zero;
        while (last >= 0 && children[last].Order >= fromOrder)
        {
            int first = SlotStart(children, last);
            total += children[first] is GroupChild group ? group.Node.StopTime() : ((InstanceChild)children[first]).Slot.StopTimeout;
            last = first - 1;
        }

        return total;
    }

    /// <summary>How long this supervisor's own stop may take, its slots one after the other.</summary>
    public TimeSpan StopTime()
    {
        SupervisedChild[] children = _children;
        return _options.StopOrder == StopOrder.AllAtOnce || children.Length == 0
            ? MaxStopTime(children)
            : StopTime(children, children.Length - 1, 0);
    }

    private static TimeSpan MaxStopTime(SupervisedChild[] children)
    {
        TimeSpan max = TimeSpan.Zero;
        foreach (SupervisedChild child in children)
        {
            TimeSpan one = child is GroupChild group ? group.Node.StopTime() : ((InstanceChild)child).Slot.StopTimeout;
            max = one > max ? one : max;
        }

        return max;
    }

    /// <summary>The index of the first child of the slot that <c>children[last]</c> ends.</summary>
    private static int SlotStart(SupervisedChild[] children, int last)
    {
        int first = last;
        while (first > 0 && children[first - 1].Order == children[last].Order)
        {
            first--;
        }

        return first;
    }

    /// <summary>Stops one slot, <c>children[first..last]</c>: a nested group, or the instances of one type together.</summary>
    private async Task StopSlotAsync(SupervisedChild[] children, int first, int last, SupervisedChild? except, InstanceState finalState, StopBudget budget)
    {
        if (children[first] is GroupChild group)
        {
            if (ShouldStop(group, except))
            {
                await group.StopAsync(finalState, budget).ConfigureAwait(false);
            }

            return;
        }

        var instances = new List<InstanceChild>(last - first + 1);
        for (int i = last; i >= first; i--)
        {
            if (ShouldStop(children[i], except))
            {
                instances.Add((InstanceChild)children[i]);
            }
        }

        await StopSequence.RunAsync(instances, finalState, Runtime.Time, budget.Token).ConfigureAwait(false);
    }

    private static bool ShouldStop(SupervisedChild child, SupervisedChild? except) =>
        child != except && (except is null || child.PendingRestart || child.State is InstanceState.Running or InstanceState.Starting);
}
