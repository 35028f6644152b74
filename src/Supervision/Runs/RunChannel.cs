using Supervision.Engine;
using Supervision.Processes.Output;

namespace Supervision.Runs;

/// <summary>
/// The one way a run talks to its supervisor: how it ended, that it is ready, that it is alive. Each report carries
/// the run's generation, so what an earlier run says is dropped. A run holds this channel, never the instance
/// itself; the channel also keeps a finished run object for the next start to reuse.
/// </summary>
internal sealed class RunChannel(InstanceChild owner)
{
    private RunningProcess? _idleRun;

    /// <summary>The last lines the instance's runs wrote; <see langword="null"/> when its type keeps none (see <see cref="ProcessTypeSlot.RecentOutputLines"/>).</summary>
    public RecentOutput? RecentOutput { get; } = owner.Slot.RecentOutputLines > 0
        ? new RecentOutput(owner.Slot.Name, owner.Number, owner.Name, owner.Slot.RecentOutputLines, owner.Parent.Runtime.Time, owner.Parent.Runtime.Output)
        : null;

    /// <summary>
    /// The run ended, on any thread. With <paramref name="continueHere"/> (an in-process run, on the thread it ended
    /// on) an idle control loop handles it on this thread. <paramref name="endedAt"/> is when it ended, on the
    /// supervisor's clock, when that was before this call.
    /// </summary>
    public void Ended(int generation, in ProcessExit exit, bool continueHere = false, long? endedAt = null) =>
        owner.OnRunEnded(generation, exit, continueHere, endedAt);

    /// <summary>The run reported it is ready; any thread.</summary>
    public void Ready(int generation) => owner.OnReportedReady(generation);

    /// <summary>The run showed it is alive; any thread, one timestamp written.</summary>
    public void Heartbeat(int generation) => owner.OnHeartbeat(generation);

    /// <summary>The run described its state (a <c>STATUS=</c> line of the notify protocol); any thread.</summary>
    public void Status(int generation, string text) => owner.OnStatusText(generation, text);

    /// <summary>The run said it is shutting down on its own (<c>STOPPING=1</c>); any thread.</summary>
    public void Stopping(int generation) => owner.OnReportedStopping(generation);

    /// <summary>Takes the run object handed back when the last run ended, to reuse it; <see langword="null"/> if none. Loop only.</summary>
    public RunningProcess? TakeIdleRun()
    {
        // Only the loop takes, so no atomic exchange is needed: a run handed back between the read and the clear
        // (an abandoned one ending late) is merely not reused, and none can be taken twice.
        RunningProcess? run = Volatile.Read(ref _idleRun);
        if (run is not null)
        {
            _idleRun = null;
        }

        return run;
    }

    /// <summary>Hands back, on any thread, a run object whose run has ended, for the next start to reuse.</summary>
    public void ReturnIdleRun(RunningProcess run) => Volatile.Write(ref _idleRun, run);
}
