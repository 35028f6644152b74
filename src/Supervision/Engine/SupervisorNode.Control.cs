using Supervision.Telemetry;

namespace Supervision.Engine;

/// <summary>Scale, restart and signal on request: run by the control loop like any other message.</summary>
internal sealed partial class SupervisorNode
{
    // Restarts on request under way or queued, oldest first; at most one per type is under way.
    private readonly List<ControlRequest> _restarts = [];

    private async ValueTask OnControlRequestAsync(ControlRequest request)
    {
        if (request.IsPing)
        {
            // The loop got to it: that is the whole answer.
            request.Done.TrySetResult();
            return;
        }

        if (_stopping)
        {
            request.Done.TrySetException(new InvalidOperationException($"Cannot {request.Verb} '{request.Slot.Name}': its supervisor is stopping."));
            return;
        }

        if (request.SignalNumber != 0)
        {
            SendSignal(request);
            return;
        }

        if (!request.IsRestart)
        {
            await ScaleAsync(request.Slot, request.Count).ConfigureAwait(false);
            request.Done.TrySetResult();
            return;
        }

        InstanceChild[] instances = request.Slot.Instances;
        if (request.Instance is { } number)
        {
            if (number < 1 || number > instances.Length)
            {
#pragma warning disable CA2208 // The parameter is that of ISupervisor.RestartAsync, which the loop answers for.
                request.Done.TrySetException(new ArgumentOutOfRangeException("instance", number, $"'{request.Slot.Name}' has {instances.Length} instance(s)."));
#pragma warning restore CA2208
                return;
            }

            request.Remaining = new Queue<int>([number]);
        }
        else
        {
            request.Remaining = new Queue<int>(Enumerable.Range(1, instances.Length));
        }

        _restarts.Add(request);
    }

    /// <summary>Signals one instance (which must have a process running) or every instance that has one.</summary>
    private static void SendSignal(ControlRequest request)
    {
        InstanceChild[] instances = request.Slot.Instances;
        if (request.Instance is not { } number)
        {
            foreach (InstanceChild instance in instances)
            {
                _ = instance.TrySignal(request.SignalNumber);
            }

            request.Done.TrySetResult();
            return;
        }

        if (number > instances.Length)
        {
#pragma warning disable CA2208 // The parameter is that of ISupervisor.SignalAsync, which the loop answers for.
            request.Done.TrySetException(new ArgumentOutOfRangeException("instance", number, $"'{request.Slot.Name}' has {instances.Length} instance(s)."));
#pragma warning restore CA2208
        }
        else if (!instances[number - 1].TrySignal(request.SignalNumber))
        {
            InstanceChild target = instances[number - 1];
            request.Done.TrySetException(new InvalidOperationException($"{target.Name} has no process running to signal (it is {target.State})."));
        }
        else
        {
            request.Done.TrySetResult();
        }
    }

    /// <summary>
    /// A planned restart (<see cref="ProcessTypeOptions.MaxLifetime"/>, <see cref="ProcessTypeOptions.RestartSchedule"/>):
    /// through the rolling path like a restart on request, so a type never has more than one instance down because of
    /// it, and not a failure: no intensity, no backoff.
    /// </summary>
    private void PlanRestart(ProcessTypeSlot slot, InstanceChild? instance, string why)
    {
        var request = ControlRequest.Planned(slot, instance, why);
        request.Remaining = instance is null ? new Queue<int>(Enumerable.Range(1, slot.Instances.Length)) : new Queue<int>([instance.Number]);
        _restarts.Add(request);
    }

    /// <summary>Puts the next occurrence of <paramref name="slot"/>'s restart schedule on the schedule; none when it has no next one.</summary>
    private void ScheduleRestart(ProcessTypeSlot slot)
    {
        if (slot.RestartSchedule?.UntilNext(Runtime.Time) is TimeSpan wait)
        {
            _due.Add(new DueEntry(null, slot.Order, DueKind.ScheduledRestart), DueSchedule.DueAt(Runtime.Time, Runtime.Time.GetTimestamp(), wait));
        }
    }

    private ProcessTypeSlot SlotOf(InstanceChild instance) => (ProcessTypeSlot)_slots[instance.Order];

    /// <summary>
    /// Scales a type: a scale-down stops the highest-numbered instances (together) and removes them; a scale-up
    /// adds the lowest free numbers and starts them. Other instances are not touched.
    /// </summary>
    private async ValueTask ScaleAsync(ProcessTypeSlot slot, int count)
    {
        InstanceChild[] current = slot.Instances;
        if (count == current.Length)
        {
            return;
        }

        Log.Scaling(Runtime.Logger, slot.Name, current.Length, count);
        if (count < current.Length)
        {
            // Stopping cancels a backoff at once: an instance waiting to restart is simply not restarted.
            var removed = new List<InstanceChild>(current.Length - count);
            for (int i = current.Length - 1; i >= count; i--)
            {
                removed.Add(current[i]);
            }

            await StopSequence.RunAsync(removed, InstanceState.Stopped, Runtime.Time, CancellationToken.None).ConfigureAwait(false);
            slot.Instances = current[..count];
            RebuildChildren();
            return;
        }

        // Numbers run from 1 without gaps (a scale-down removes the highest), so the lowest free ones follow.
        var added = new InstanceChild[count - current.Length];
        for (int i = 0; i < added.Length; i++)
        {
            added[i] = new InstanceChild(this, slot, current.Length + i + 1);
        }

        slot.Instances = [.. current, .. added];
        RebuildChildren();
        foreach (InstanceChild instance in added)
        {
            await instance.StartAsync().ConfigureAwait(false);
        }
    }

    private void RebuildChildren()
    {
        var children = new List<SupervisedChild>(_children.Length);
        foreach (SupervisorSlot slot in _slots)
        {
            if (slot is ProcessTypeSlot type)
            {
                children.AddRange(type.Instances);
            }
            else
            {
                children.Add(((GroupSlot)slot).Child);
            }
        }

        _children = [.. children];
    }

    /// <summary>
    /// Moves every restart on request on as far as it can go now. A rolling restart takes an instance down only
    /// when every other instance of the type is available (up, and for its MinReady), and waits for the one it
    /// restarted to be up again before the next, so a type never has more than one instance down because of it.
    /// </summary>
    private async ValueTask AdvanceRestartsAsync()
    {
        for (int i = 0; i < _restarts.Count; i++)
        {
            ControlRequest request = _restarts[i];
            if (IsQueuedBehindAnother(i))
            {
                continue;
            }

            while (!_stopping)
            {
                InstanceChild[] instances = request.Slot.Instances;
                if (request.Current is { } current)
                {
                    if (IsDown(current) && Array.IndexOf(instances, current) >= 0)
                    {
                        break;
                    }

                    request.Current = null;
                }

                if (request.CancellationToken.IsCancellationRequested)
                {
                    request.Done.TrySetCanceled(request.CancellationToken);
                    _restarts.RemoveAt(i--);
                    break;
                }

                // Numbers removed by a scale-down meanwhile are skipped.
                while (request.Remaining!.TryPeek(out int next) && next > instances.Length)
                {
                    request.Remaining.Dequeue();
                }

                if (!request.Remaining.TryPeek(out int number))
                {
                    request.Done.TrySetResult();
                    _restarts.RemoveAt(i--);
                    break;
                }

                InstanceChild instance = instances[number - 1];
                if ((request.Instance is null || request.PlannedBecause is not null) && Array.Exists(instances, other => other != instance && IsUnavailable(other)))
                {
                    break;
                }

                request.Remaining.Dequeue();
                if (request.PlannedBecause is not null && (request.PlannedGeneration is int generation && generation != instance.Generation || instance.State is InstanceState.Exited or InstanceState.Failed))
                {
                    // It started again meanwhile (its lifetime starts over), or it ended for good: nothing is due.
                    continue;
                }

                request.Current = instance;
                await RestartOnRequestAsync(instance, request.PlannedBecause).ConfigureAwait(false);
            }
        }
    }

    private bool IsQueuedBehindAnother(int index)
    {
        for (int j = 0; j < index; j++)
        {
            if (_restarts[j].Slot == _restarts[index].Slot)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Down, and coming back by itself: an instance that ended for good by its policy is not waited for.</summary>
    private static bool IsDown(InstanceChild instance) =>
        instance.State is InstanceState.Pending or InstanceState.Starting or InstanceState.Backoff or InstanceState.Stopping;

    /// <summary>
    /// What a rolling restart waits for before it takes another instance down: one down and coming back, or one up
    /// for less than its type's <see cref="ReadinessOptions.MinReady"/>.
    /// </summary>
    private static bool IsUnavailable(InstanceChild instance) =>
        IsDown(instance) || (instance.State == InstanceState.Running && !instance.IsAvailable());

    /// <summary>Stops the instance (cancelling a backoff) and starts it again; not counted against the intensity.</summary>
    private async ValueTask RestartOnRequestAsync(InstanceChild instance, string? plannedBecause)
    {
        if (plannedBecause is null)
        {
            Log.RestartRequested(Runtime.Logger, instance.Name);
        }
        else
        {
            Log.PlannedRestart(Runtime.Logger, instance.Name, plannedBecause);
        }

        await StopSequence.RunAsync([instance], InstanceState.Stopped, Runtime.Time, CancellationToken.None).ConfigureAwait(false);
        instance.PendingRestart = false;
        Runtime.Metrics.RecordRestart(instance.Slot.Name, plannedBecause is null ? SupervisionMetrics.ReasonRequested : SupervisionMetrics.ReasonPlanned);
        await instance.StartAsync().ConfigureAwait(false);
    }

    /// <summary>The supervisor stopped: requests that cannot be served any more fail instead of hanging.</summary>
    private void FailPendingRequests()
    {
        foreach (ControlRequest request in _restarts)
        {
            request.Done.TrySetException(new InvalidOperationException($"Restart of '{request.Slot.Name}' abandoned: its supervisor stopped."));
        }

        _restarts.Clear();

        // Everything else still queued belongs to the run that just ended: stale exits and timers are dropped.
        while (_inbox.TryRead(out SupervisorMessage next))
        {
            next.Control?.Done.TrySetException(new InvalidOperationException(next.Control.IsPing
                ? "Supervisor stopped before it could answer."
                : $"Supervisor stopped before it could act on '{next.Control.Slot.Name}'."));
            next.Stop?.Done.TrySetResult();
        }
    }
}
