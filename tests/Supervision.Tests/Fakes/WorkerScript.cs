using System.Threading.Channels;

namespace Supervision.Tests.Fakes;

/// <summary>
/// Shared by every <see cref="ScriptedProcess"/> of a test: records each run as it starts and tells the workers
/// how to behave, so a test drives the tree run by run without sleeping.
/// </summary>
public sealed class WorkerScript
{
    private readonly Channel<ScriptedRun> _started = Channel.CreateUnbounded<ScriptedRun>();
    private readonly Dictionary<string, Queue<ScriptedRun>> _unclaimed = new(StringComparer.Ordinal);

    /// <summary>Types whose workers ignore their stopping token.</summary>
    public HashSet<string> IgnoreStop { get; } = new(StringComparer.Ordinal);

    /// <summary>Types whose RunAsync throws before returning a task.</summary>
    public HashSet<string> ThrowSynchronously { get; } = new(StringComparer.Ordinal);

    /// <summary>Types whose RunAsync returns at once, successfully.</summary>
    public HashSet<string> ReturnAtOnce { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Types whose RunAsync records <see cref="Ambient"/> as it finds it, sets it to the instance's name and returns at
    /// once: the value stays set in the execution context the run ends in.
    /// </summary>
    public HashSet<string> LeaveAmbientSet { get; } = new(StringComparer.Ordinal);

    /// <summary>An async-local value some workers leave behind (<see cref="LeaveAmbientSet"/>).</summary>
    public AsyncLocal<string?> Ambient { get; } = new();

    /// <summary>What each run of a <see cref="LeaveAmbientSet"/> type found in <see cref="Ambient"/> as it started.</summary>
    public List<string?> AmbientAtStart { get; } = [];

    /// <summary>Every run started so far, in start order.</summary>
    public List<ScriptedRun> All { get; } = [];

    internal void OnStarted(ScriptedRun run)
    {
        lock (All)
        {
            All.Add(run);
        }

        _started.Writer.TryWrite(run);
    }

    /// <summary>Waits for the next run of <paramref name="name"/> (an instance name such as <c>worker.1</c>) not returned before.</summary>
    public async Task<ScriptedRun> NextRunAsync(string name)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        while (true)
        {
            if (_unclaimed.TryGetValue(name, out Queue<ScriptedRun>? queue) && queue.TryDequeue(out ScriptedRun? run))
            {
                return run;
            }

            ScriptedRun next = await _started.Reader.ReadAsync(timeout.Token);
            if (!_unclaimed.TryGetValue(next.Name, out queue))
            {
                _unclaimed[next.Name] = queue = new Queue<ScriptedRun>();
            }

            queue.Enqueue(next);
        }
    }

    public int RunCount(string name)
    {
        lock (All)
        {
            return All.Count(r => r.Name == name);
        }
    }
}
