using Supervision.Runs;
using Supervision.Telemetry;

namespace Supervision.Engine;

/// <summary>One instance of a process type (<c>worker.3</c>) and its restart bookkeeping.</summary>
internal sealed class InstanceChild : SupervisedChild
{
    private RunningProcess? _running;
    private RunningProcess? _stopping;
    private Task<ProcessExit>? _stopCompletion;
    private long _startedAt;
    private long _readyAt;
    private long _availableDueAt;
    private long _lastHeartbeat;
    private int _livenessFailures;

    private bool _everStarted;

    // The last STATUS= text and the generation of the run that sent it: a restarted run starts without one.
    private StatusLine? _statusText;

    public InstanceChild(SupervisorNode parent, ProcessTypeSlot slot, int number)
        : base(parent, slot.Order)
    {
        Slot = slot;
        Number = number;
        Name = $"{slot.Name}.{number}";
        Channel = new RunChannel(this);
    }

    /// <summary>The process type this is an instance of.</summary>
    public ProcessTypeSlot Slot { get; }

    /// <summary>The one way this instance's runs report back: runs hold it, never this object.</summary>
    public RunChannel Channel { get; }

    public int Number { get; }

    public override string Name { get; }

    public override RestartPolicy Policy => Slot.Restart;

    public override bool Significant => Slot.Significant;

    public int RestartCount { get; private set; }

    public ProcessExit? LastExit { get; private set; }

    public int? Port => Slot.Port + Number - 1;

    public ProcessInstanceStatus GetStatus()
    {
        InstanceState state = State;
        RunningProcess? running = _running;
        TimeSpan? uptime = state == InstanceState.Running ? Runtime.Time.GetElapsedTime(Volatile.Read(ref _startedAt)) : null;
        return new ProcessInstanceStatus(Slot.Name, Number, Name, state, running?.Pid, RestartCount, uptime, LastExit)
        {
            StatusText = Volatile.Read(ref _statusText) is { } status && status.Generation == Generation ? status.Text : null,
        };
    }

    public override ValueTask StartAsync(long startedAt)
    {
        int generation = ++Generation;
        if (_everStarted)
        {
            RestartCount++;
        }

        _everStarted = true;
        State = InstanceState.Starting;
        Volatile.Write(ref _startedAt, startedAt);
        _readyAt = startedAt;
        _availableDueAt = 0;
        try
        {
            _running = Slot.Launcher.Start(new RunStart(Slot.Name, Number, Name, Port, RestartCount, Channel, generation));
        }
        catch (Exception exception)
        {
            // A start failure is a failure like any other: it goes through policy, backoff and intensity (logged once, on exit).
            Parent.Post(SupervisorMessage.Exited(this, generation, new ProcessExit(ExitReason.StartFailed, exception)));
            return ValueTask.CompletedTask;
        }

        Log.InstanceStarted(Runtime.Logger, Name, RestartCount);
        ProcessTypeSlot.RestartSettings settings = Slot.Settings;
        if (settings.MaxLifetime is TimeSpan lifetime)
        {
            // Up to a tenth less, so that instances started together do not all restart together.
            Parent.Schedule(this, DueKind.LifetimeOver, DueSchedule.DueAt(Runtime.Time, startedAt, lifetime * (1 - (0.1 * Runtime.Random.NextDouble()))));
        }

        ReadinessOptions readiness = settings.Readiness;
        Runtime.Publish(SupervisionEventKind.Started, Name, Slot.Name, Number, RestartCount, state: readiness.Probe == ReadinessProbe.None ? InstanceState.Running : InstanceState.Starting);
        if (readiness.Probe == ReadinessProbe.None)
        {
            // Ready as it starts: no event of its own, and no timer unless a liveness probe needs one.
            State = InstanceState.Running;
            if (settings.Liveness.Probe != LivenessProbe.None)
            {
                WatchLiveness(startedAt);
            }

            return ValueTask.CompletedTask;
        }

        Parent.Schedule(this, DueKind.ReadyDeadline, DueSchedule.DueAt(Runtime.Time, startedAt, readiness.Timeout));
        if (readiness.Probe is ReadinessProbe.Tcp or ReadinessProbe.Http)
        {
            Parent.Schedule(this, DueKind.ReadyProbe, DueSchedule.DueAt(Runtime.Time, startedAt, readiness.Interval));
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The run reported it is ready (<see cref="ProcessContext.ReportReady"/>, through its channel); any thread.</summary>
    public void OnReportedReady(int generation)
    {
        if (generation == Generation && Slot.Readiness.Probe is ReadinessProbe.Signal or ReadinessProbe.Output)
        {
            Parent.Post(SupervisorMessage.Ready(this, generation));
        }
    }

    /// <summary>The run showed it is alive (<see cref="ProcessContext.Heartbeat"/>); any thread, one timestamp written.</summary>
    public void OnHeartbeat(int generation)
    {
        if (generation == Generation)
        {
            Volatile.Write(ref _lastHeartbeat, Runtime.Time.GetTimestamp());
        }
    }

    /// <summary>The run described its state (<c>STATUS=</c>); any thread.</summary>
    public void OnStatusText(int generation, string text)
    {
        if (generation == Generation)
        {
            Volatile.Write(ref _statusText, new StatusLine(generation, text));
        }
    }

    /// <summary>The run said it is shutting down on its own (<c>STOPPING=1</c>); its exit, when it comes, is judged as usual.</summary>
    public void OnReportedStopping(int generation)
    {
        if (generation == Generation)
        {
            Log.ReportedStopping(Runtime.Logger, Name);
        }
    }

    /// <summary>The run is ready: it counts as running from now on, and its liveness is watched.</summary>
    public override void OnReady(long now)
    {
        State = InstanceState.Running;
        _readyAt = now;
        Log.InstanceReady(Runtime.Logger, Name);
        Runtime.Publish(SupervisionEventKind.Ready, Name, Slot.Name, Number, RestartCount);
        if (Slot.Liveness.Probe != LivenessProbe.None)
        {
            WatchLiveness(now);
        }
    }

    /// <summary>
    /// Whether it has been ready for its type's <see cref="ReadinessOptions.MinReady"/>, what a rolling restart waits
    /// for; when not yet, the moment it will be is put on the schedule (again only when that moment moved, as a reload of
    /// MinReady may make it), so the restart moves on then.
    /// </summary>
    public bool IsAvailable()
    {
        if (State != InstanceState.Running)
        {
            return false;
        }

        TimeSpan minReady = Slot.Readiness.MinReady;
        if (minReady <= TimeSpan.Zero)
        {
            return true;
        }

        long availableAt = DueSchedule.DueAt(Runtime.Time, _readyAt, minReady);
        if (Runtime.Time.GetTimestamp() >= availableAt)
        {
            return true;
        }

        if (_availableDueAt != availableAt)
        {
            _availableDueAt = availableAt;
            Parent.Schedule(this, DueKind.Available, availableAt);
        }

        return false;
    }

    /// <summary>Tries the readiness probe once, off the loop, and puts the next try on the schedule.</summary>
    public void ProbeReadiness(long now)
    {
        ReadinessOptions readiness = Slot.Readiness;
        Parent.Schedule(this, DueKind.ReadyProbe, DueSchedule.DueAt(Runtime.Time, now, readiness.Interval));
        if (Port is int port)
        {
            _ = ProbeReadinessAsync(port, readiness, Generation);
        }
    }

    /// <summary>Whether the run showed it is alive within its liveness timeout; if so, the next deadline is on the schedule.</summary>
    public bool IsAlive(long now)
    {
        TimeSpan timeout = Slot.Liveness.Timeout;
        long last = Volatile.Read(ref _lastHeartbeat);
        if (Runtime.Time.GetElapsedTime(last, now) >= timeout)
        {
            return false;
        }

        Parent.Schedule(this, DueKind.AliveDeadline, DueSchedule.DueAt(Runtime.Time, last, timeout));
        return true;
    }

    /// <summary>
    /// Whether the liveness probe has failed fewer than its threshold times in a row; if so, tries it once more, off
    /// the loop, and puts the next try on the schedule.
    /// </summary>
    public bool ProbeLiveness(long now)
    {
        LivenessOptions liveness = Slot.Liveness;
        if (Volatile.Read(ref _livenessFailures) >= liveness.FailureThreshold)
        {
            return false;
        }

        Parent.Schedule(this, DueKind.AliveProbe, DueSchedule.DueAt(Runtime.Time, now, liveness.Interval));
        if (Port is int port)
        {
            _ = ProbeLivenessAsync(port, liveness, Generation);
        }

        return true;
    }

    private void WatchLiveness(long from)
    {
        LivenessOptions liveness = Slot.Liveness;
        if (liveness.Probe != LivenessProbe.Heartbeat)
        {
            Volatile.Write(ref _livenessFailures, 0);
            Parent.Schedule(this, DueKind.AliveProbe, DueSchedule.DueAt(Runtime.Time, from, liveness.Interval));
            return;
        }

        Volatile.Write(ref _lastHeartbeat, from);
        Parent.Schedule(this, DueKind.AliveDeadline, DueSchedule.DueAt(Runtime.Time, from, liveness.Timeout));
    }

    private async Task ProbeReadinessAsync(int port, ReadinessOptions readiness, int generation)
    {
        bool ready = await TryProbeAsync(readiness.Probe == ReadinessProbe.Http, port, readiness.Path, readiness.Interval).ConfigureAwait(false);
        if (ready && generation == Generation)
        {
            Parent.Post(SupervisorMessage.Ready(this, generation));
        }
    }

    private async Task ProbeLivenessAsync(int port, LivenessOptions liveness, int generation)
    {
        // A try ends before the next one starts, so failures in a row are counted in order.
        TimeSpan timeout = liveness.Timeout < liveness.Interval ? liveness.Timeout : liveness.Interval;
        bool alive = await TryProbeAsync(liveness.Probe == LivenessProbe.Http, port, liveness.Path, timeout).ConfigureAwait(false);
        if (generation == Generation)
        {
            if (alive)
            {
                Volatile.Write(ref _livenessFailures, 0);
            }
            else
            {
                Interlocked.Increment(ref _livenessFailures);
            }
        }
    }

    /// <summary>One try of a Tcp or Http probe on the instance's port, readiness and liveness alike.</summary>
    private static Task<bool> TryProbeAsync(bool http, int port, string path, TimeSpan timeout) =>
        http ? HttpProbe.TryGetAsync(port, path, timeout) : TcpProbe.TryConnectAsync(port, timeout);

    /// <summary>
    /// Called through the run's <see cref="RunChannel"/>, on any thread, when its run ends. With <paramref name="continueHere"/> (an
    /// in-process run, on the thread it ended on) an idle control loop handles it on this thread.
    /// <paramref name="endedAt"/> is when it ended, on the supervisor's clock, when that was before this call.
    /// </summary>
    public void OnRunEnded(int generation, in ProcessExit exit, bool continueHere, long? endedAt)
    {
        // The generation only grows: a run the loop has stopped or moved past would be dropped on arrival.
        if (generation != Generation)
        {
            return;
        }

        SupervisorMessage message = endedAt is long at ? SupervisorMessage.Exited(this, generation, exit, at) : SupervisorMessage.Exited(this, generation, exit);
        if (continueHere)
        {
            Parent.PostAndContinueHere(message);
        }
        else
        {
            Parent.Post(message);
        }
    }

    public override ExitVerdict Judge(ref ProcessExit exit)
    {
        switch (exit.Exception)
        {
            case null:
                break;
            case DoNotRestartException:
                exit = exit with { Reason = ExitReason.Completed };
                return ExitVerdict.EndForGood;
            case TerminateSupervisorTreeException:
                return ExitVerdict.TerminateTree;
        }

        ProcessTypeSlot.RestartSettings settings = Slot.Settings;
        if (exit.ExitCode is int code && exit.Reason is ExitReason.Failed or ExitReason.Completed)
        {
            if (exit.Reason == ExitReason.Failed && settings.SuccessExitCodes?.Contains(code) == true)
            {
                exit = exit with { Reason = ExitReason.Completed };
            }

            if (settings.RestartPreventExitCodes?.Contains(code) == true)
            {
                return ExitVerdict.EndForGood;
            }
        }

        // An init step that completed is done: later slots were waiting for exactly this.
        return !exit.IsFailure && settings.Readiness.Probe == ReadinessProbe.Completed ? ExitVerdict.EndForGood : ExitVerdict.ByPolicy;
    }

    public override void OnExited(ProcessExit exit)
    {
        _running = null;
        LastExit = exit;
        State = exit.IsFailure ? InstanceState.Failed : InstanceState.Exited;
        if (exit.IsFailure)
        {
            // A child that cannot start has a clear message and no stack worth printing on every attempt.
            Log.InstanceFailed(Runtime.Logger, Name, exit, exit.Exception is ChildProcessStartException ? null : exit.Exception);
        }
        else
        {
            Log.InstanceExited(Runtime.Logger, Name, exit);
        }

        Runtime.Publish(SupervisionEventKind.Exited, Name, Slot.Name, Number, RestartCount, exit, recentOutput: exit.IsFailure ? Channel.RecentOutput : null);
    }

    public override BackoffOptions Backoff => Slot.Backoff;

    public override TimeSpan RanFor(long endedAt) => Runtime.Time.GetElapsedTime(_startedAt, endedAt);

    public override void OnRestartScheduled(in ProcessExit exit, TimeSpan delay)
    {
        Runtime.Metrics.RecordRestart(Slot.Name, SupervisionMetrics.ReasonOf(exit.Reason));
        Log.RestartScheduled(Runtime.Logger, Name, delay, BackoffAttempt);
        Runtime.Metrics.RecordBackoff(Slot.Name, delay);
        Runtime.Publish(SupervisionEventKind.Backoff, Name, Slot.Name, Number, RestartCount, delay: delay);
    }

    /// <summary>Sends a signal to the current run's process group; false when nothing runs. Loop only.</summary>
    public bool TrySignal(int signal) => _running is { } running && running.Signal(signal);

    /// <summary>Readies the current run for a stop about to be requested of it and its siblings (see <see cref="RunningProcess.PrepareStop"/>).</summary>
    public void PrepareStop() => _running?.PrepareStop();

    /// <summary>
    /// First half of a stop: cancels a backoff, asks a run to end, and returns what to wait for (a completed task
    /// when nothing runs). The caller waits, within the stop timeout, then calls <see cref="FinishStopAsync"/>.
    /// </summary>
    public Task RequestStop(InstanceState finalState)
    {
        Generation++;
        RunningProcess? running = _running;
        _running = null;
        if (running is null)
        {
            if (State is InstanceState.Backoff or InstanceState.Starting or InstanceState.Pending || finalState == InstanceState.Fatal)
            {
                State = finalState;
            }

            return Task.CompletedTask;
        }

        _stopping = running;
        State = InstanceState.Stopping;
        running.RequestStop();

        // Kept rather than asked again later: once the run has ended its object may serve the next run.
        _stopCompletion = running.Completion;
        return _stopCompletion;
    }

    /// <summary>Reports the stop under way; called once the stop timeout runs, so that whoever sees it can count on that timeout.</summary>
    public void PublishStopping()
    {
        if (_stopping is not null)
        {
            Runtime.Publish(SupervisionEventKind.Stopping, Name, Slot.Name, Number, RestartCount);
        }
    }

    /// <summary>Second half of a stop: records how the run ended, or kills it when it did not end in time.</summary>
    public Task FinishStopAsync(InstanceState finalState)
    {
        RunningProcess? running = _stopping;
        if (running is null)
        {
            return Task.CompletedTask;
        }

        Task<ProcessExit> completion = _stopCompletion!;
        (_stopping, _stopCompletion) = (null, null);
        if (completion.IsCompleted)
        {
            OnStopped(finalState, completion.Result);
            return Task.CompletedTask;
        }

        return KillAsync(running, finalState);
    }

    // The stop goes on without it: an in-process worker is abandoned, a child process is killed.
    private async Task KillAsync(RunningProcess running, InstanceState finalState)
    {
        Log.StopTimedOut(Runtime.Logger, Name, Slot.StopTimeout);
        await running.KillAsync().ConfigureAwait(false);
        OnStopped(finalState, new ProcessExit(ExitReason.StopTimedOut));
    }

    private void OnStopped(InstanceState finalState, ProcessExit exit)
    {
        LastExit = exit;
        State = finalState;
        Log.InstanceStopped(Runtime.Logger, Name);
        Runtime.Publish(SupervisionEventKind.Stopped, Name, Slot.Name, Number, RestartCount, exit);
    }

    private sealed record StatusLine(int Generation, string Text);
}
