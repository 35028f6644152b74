using System.Runtime.Versioning;
using Supervision.Runs;

namespace Supervision.Processes.Notify;

/// <summary>
/// One child run that listens on the <see cref="NotifySocket"/>: what it and its descendants send goes to its
/// channel, under its generation. Registered by its <see cref="RunTag"/> before the spawn (a leader may notify
/// before its pid is known) and by its leader's pid after.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class NotifyRegistration(NotifySocket socket, RunTag tag, RunChannel channel, int generation) : IDisposable
{
    public RunTag Tag { get; } = tag;

    public RunChannel Channel { get; } = channel;

    public int Generation { get; } = generation;

    /// <summary>The run's leader, once spawned; 0 before.</summary>
    public int Leader { get; private set; }

    /// <summary>Adds the leader's pid, by which the run's session is recognised.</summary>
    public void SetLeader(int pid)
    {
        Leader = pid;
        socket.AddLeader(this);
    }

    /// <summary>The run ended: what is still sent in its name is an unknown sender's.</summary>
    public void Dispose() => socket.Remove(this);
}
