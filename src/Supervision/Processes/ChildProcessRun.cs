using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Supervision.Processes.Notify;
using Supervision.Processes.Output;
using Supervision.Processes.Spawn;
using Supervision.Runs;
using Supervision.Telemetry;

namespace Supervision.Processes;

/// <summary>
/// One run of a child process, leader of its own process group. A stop signals the whole group and waits for the
/// group, not only the leader: a shell leader that dies of the signal at once (<c>sh -c 'script'</c> without
/// <c>exec</c>) leaves its script the rest of the stop timeout to drain. The run ends when nothing of it is left:
/// the group empty, and what escaped the group (<see cref="RunLeftovers"/>) killed and reaped. A kill sends SIGKILL to
/// the group and to every descendant that left it. Outside a stop the group never outlives its leader: what is left of
/// it when the leader exits by itself is killed at once, as systemd's <c>KillMode=control-group</c> and Foreman do.
/// The leader is reaped by its <see cref="SpawnedProcess"/>.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class ChildProcessRun : RunningProcess
{
    /// <summary>How long output may keep flowing after the run ended before the run is reported ended anyway.</summary>
    private static readonly TimeSpan OutputGrace = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The same during a stop: the run's processes are gone by then, so a writer still holding the pipe is out of reach,
    /// and waiting for it must not turn a clean stop into one that "did not stop within its stop timeout".
    /// </summary>
    private static readonly TimeSpan StopOutputGrace = TimeSpan.FromMilliseconds(100);

    /// <summary>How long killed processes may take to be reaped.</summary>
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a host child caught in an exec, whose environment cannot be read yet, may hold the end of a run that
    /// has nothing else left: a daemon the run started an instant ago may be one.
    /// </summary>
    private static readonly TimeSpan UncertainGrace = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest pause between two looks at a group that is draining.</summary>
    private static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(20);

    private readonly SpawnedProcess _process;
    private readonly int _pid;
    private readonly int _stopSignal;
    private readonly TimeProvider _time;
    private readonly RunChannel _channel;
    private readonly int _generation;
    private readonly Task _output;
    private readonly RunLeftovers _leftovers;
    private readonly NotifyRegistration? _notify;
    private List<ProcessTree.ProcessId>? _descendants;
    private volatile bool _stopRequested;
    private long _killedAt;

    public ChildProcessRun(SpawnedProcess process, RunTag tag, OutputSink? sink, ILogger logger, int stopSignal, TimeProvider time, in RunStart start, NotifyRegistration? notify = null)
    {
        _notify = notify;
        _process = process;
        _pid = process.Pid;
        _stopSignal = stopSignal;
        _time = time;
        _channel = start.Channel;
        _generation = start.Generation;
        _leftovers = new RunLeftovers(_pid, tag);
        _output = sink is null ? Task.CompletedTask : PumpAsync(process, sink, start.Channel.RecentOutput, logger, new OutputScope(start.TypeName, start.Number, start.Name, _pid), start.Name);
        Completion = RunAsync();
    }

    public override Task<ProcessExit> Completion { get; }

    public override int? Pid => _pid;

    private bool Killing => Volatile.Read(ref _killedAt) != 0;

    // Lists the descendants while the whole formation is still up; RequestStop signals from this list.
    public override void PrepareStop() => _descendants = ProcessTree.Descendants(_pid);

    // To the group, as the stop signal goes: a shell leader's script gets it too.
    public override bool Signal(int signal) => Signals.SendToGroup(_pid, signal);

    public override void RequestStop()
    {
        _stopRequested = true;

        // Taken before the signal: once a process dies its children are re-parented and out of sight.
        _descendants ??= ProcessTree.Descendants(_pid);
        _leftovers.Remember(_descendants);
        Signals.SendToGroup(_pid, _stopSignal);
    }

    public override async Task KillAsync()
    {
        Kill();
        await ((Task)Completion).WaitAsync(KillGrace, _time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private void Kill()
    {
        _ = Interlocked.CompareExchange(ref _killedAt, _time.GetTimestamp(), 0);
        Signals.SendToGroup(_pid, Signals.SIGKILL);
        if (_descendants is { } descendants)
        {
            ProcessTree.KillSurvivors(descendants);
        }

        _ = _leftovers.Sweep(kill: true);
    }

    private async Task<ProcessExit> RunAsync()
    {
        int status = await _process.WaitStatus.ConfigureAwait(false);

        // The run ended here, whatever the rest takes: the backoff and ResetAfter count from this moment.
        long endedAt = _time.GetTimestamp();
        if (!_stopRequested)
        {
            // The leader went by itself: the rest of its group goes with it.
            Kill();
        }

        await WaitForLeftoversAsync().ConfigureAwait(false);
        HostWatchdog.Forget(_pid);
        _notify?.Dispose();
        await WaitForOutputAsync().ConfigureAwait(false);
        int? code = SpawnedProcess.ExitCode(status);
        int? signal = SpawnedProcess.TerminatingSignal(status);
        ProcessExit exit = (code, signal) switch
        {
            _ when _stopRequested => new ProcessExit(ExitReason.Stopped, ExitCode: code, Signal: signal),
            (0, _) => new ProcessExit(ExitReason.Completed, ExitCode: 0),
            _ => new ProcessExit(ExitReason.Failed, ExitCode: code, Signal: signal),
        };
        _channel.Ended(_generation, exit, endedAt: endedAt);
        return exit;
    }

    /// <summary>
    /// Waits, after the leader was reaped, until the group is empty and what escaped it is dead and reaped. During a
    /// stop the group has the rest of the stop timeout to drain (the tree kills it when that is over); once it is empty,
    /// what left it (and never got the stop signal) is killed. Killed processes get <see cref="KillGrace"/>.
    /// </summary>
    private async Task WaitForLeftoversAsync()
    {
        TimeSpan pause = TimeSpan.FromMilliseconds(1);
        long start = _time.GetTimestamp();
        while (true)
        {
            (int alive, int uncertain) = _leftovers.Sweep(kill: Killing);
            bool group = Signals.GroupExists(_pid);
            if (!group && alive == 0 && (uncertain == 0 || _time.GetElapsedTime(start) > UncertainGrace))
            {
                return;
            }

            if (!group && !Killing)
            {
                Kill();
                continue;
            }

            long killedAt = Volatile.Read(ref _killedAt);
            if (killedAt != 0 && _time.GetElapsedTime(killedAt) > KillGrace)
            {
                // Unkillable (a process stuck in the kernel): the run is reported ended all the same.
                return;
            }

            await Task.Delay(pause, _time).ConfigureAwait(false);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxPoll.Ticks));
        }
    }

    private async Task WaitForOutputAsync()
    {
        long start = _time.GetTimestamp();
        while (!_output.IsCompleted)
        {
            TimeSpan left = (_stopRequested ? StopOutputGrace : OutputGrace) - _time.GetElapsedTime(start);
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            // In slices: a stop requested meanwhile shortens the wait.
            await _output.WaitAsync(TimeSpan.FromTicks(Math.Min(left.Ticks, StopOutputGrace.Ticks)), _time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static async Task PumpAsync(SpawnedProcess process, OutputSink sink, RecentOutput? recent, ILogger logger, OutputScope scopeState, string name)
    {
        // The scope flows into both pumps: every line is logged with the type, instance and pid that wrote it.
        using IDisposable? scope = logger.BeginScope(scopeState);
        try
        {
            await Task.WhenAll(
                OutputPump.RunAsync(process.StandardOutput!, sink, isError: false, recent),
                OutputPump.RunAsync(process.StandardError!, sink, isError: true, recent)).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // A sink that throws (a full disk under a file logger, say) must not take supervision down with it.
            Log.OutputFailed(logger, name, exception);
        }
    }
}
