using Microsoft.Extensions.Logging;

namespace Supervision;

/// <summary>
/// One run of a child process, leader of its own process group. A stop signals the whole group; a kill sends
/// SIGKILL to the group and to every descendant that left it. The group never outlives its leader: what is
/// left of it when the leader exits is killed. The leader is reaped by its <see cref="SpawnedProcess"/>.
/// </summary>
internal sealed class ChildProcessRun : RunningProcess
{
    /// <summary>How long output may keep flowing after the leader exited before the run is reported ended anyway.</summary>
    private static readonly TimeSpan OutputGrace = TimeSpan.FromSeconds(2);

    /// <summary>How long a killed group may take to be reaped.</summary>
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(5);

    private readonly SpawnedProcess _process;
    private readonly int _pid;
    private readonly int _stopSignal;
    private readonly TimeProvider _time;
    private readonly InstanceChild _instance;
    private readonly int _generation;
    private readonly Task _output;
    private List<ProcessTree.ProcessId>? _descendants;
    private volatile bool _stopRequested;

    public ChildProcessRun(SpawnedProcess process, OutputSink? sink, ILogger logger, int stopSignal, TimeProvider time, InstanceChild instance, int generation)
    {
        _process = process;
        _pid = process.Pid;
        _stopSignal = stopSignal;
        _time = time;
        _instance = instance;
        _generation = generation;
        _output = sink is null ? Task.CompletedTask : PumpAsync(process, sink, logger, instance, _pid);
        Completion = RunAsync();
    }

    public override Task<ProcessExit> Completion { get; }

    public override int? Pid => _pid;

    // Lists the descendants while the whole formation is still up; RequestStop signals from this list.
    public override void PrepareStop() => _descendants = ProcessTree.Descendants(_pid);

    public override void RequestStop()
    {
        _stopRequested = true;

        // Taken before the signal: once a process dies its children are re-parented and out of sight.
        _descendants ??= ProcessTree.Descendants(_pid);
        Signals.SendToGroup(_pid, _stopSignal);
    }

    public override async Task KillAsync()
    {
        KillGroup();
        await ((Task)Completion).WaitAsync(KillGrace, _time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private void KillGroup()
    {
        Signals.SendToGroup(_pid, Signals.SIGKILL);
        if (_descendants is { } descendants)
        {
            ProcessTree.KillSurvivors(descendants);
        }
    }

    private async Task<ProcessExit> RunAsync()
    {
        int status = await _process.WaitStatus.ConfigureAwait(false);

        // The run ended here, whatever the output still takes: the backoff and ResetAfter count from this moment.
        long endedAt = _time.GetTimestamp();
        if (Signals.GroupExists(_pid) || _descendants is not null)
        {
            KillGroup();
        }

        HostWatchdog.Forget(_pid);
        await _output.WaitAsync(OutputGrace, _time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        int? code = SpawnedProcess.ExitCode(status);
        int? signal = SpawnedProcess.TerminatingSignal(status);
        ProcessExit exit = (code, signal) switch
        {
            _ when _stopRequested => new ProcessExit(ExitReason.Stopped, ExitCode: code, Signal: signal),
            (0, _) => new ProcessExit(ExitReason.Completed, ExitCode: 0),
            _ => new ProcessExit(ExitReason.Failed, ExitCode: code, Signal: signal),
        };
        _instance.OnRunEnded(_generation, exit, endedAt: endedAt);
        return exit;
    }

    private static async Task PumpAsync(SpawnedProcess process, OutputSink sink, ILogger logger, InstanceChild instance, int pid)
    {
        // The scope flows into both pumps: every line is logged with the type, instance and pid that wrote it.
        using IDisposable? scope = logger.BeginScope(new OutputScope(instance.Spec.Name, instance.Number, instance.Name, pid));
        try
        {
            await Task.WhenAll(
                OutputPump.RunAsync(process.StandardOutput!, sink, isError: false),
                OutputPump.RunAsync(process.StandardError!, sink, isError: true)).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // A sink that throws (a full disk under a file logger, say) must not take supervision down with it.
            Log.OutputFailed(logger, instance.Name, exception);
        }
    }
}
