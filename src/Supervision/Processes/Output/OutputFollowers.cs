using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Supervision.Processes.Output;

/// <summary>
/// Whoever follows the output of the tree's child processes as it comes (<see cref="ISupervisor.WatchOutputAsync"/>).
/// Nobody following costs a pump one volatile read per line; a follower has its own buffer of
/// <see cref="FollowerCapacity"/> lines and loses the oldest when it falls behind, so it never slows a child down.
/// </summary>
internal sealed class OutputFollowers
{
    internal const int FollowerCapacity = 1024;

    private readonly Lock _gate = new();
    private Follower[] _followers = [];

    public bool HasFollowers => Volatile.Read(ref _followers).Length != 0;

    public void Publish(string typeName, int number, in OutputLine line)
    {
        foreach (Follower follower in Volatile.Read(ref _followers))
        {
            if (follower.Wants(typeName, number))
            {
                follower.Lines.Writer.TryWrite(line);
            }
        }
    }

    /// <summary>The lines of <paramref name="typeName"/> (every type when null), instance <paramref name="number"/> (every one when null), from when enumeration begins.</summary>
    public async IAsyncEnumerable<OutputLine> Follow(string? typeName, int? number, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var follower = new Follower(typeName, number);
        lock (_gate)
        {
            _followers = [.. _followers, follower];
        }

        try
        {
            await foreach (OutputLine line in follower.Lines.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return line;
            }
        }
        finally
        {
            lock (_gate)
            {
                _followers = Array.FindAll(_followers, f => f != follower);
            }
        }
    }

    private sealed class Follower(string? typeName, int? number)
    {
        public Channel<OutputLine> Lines { get; } = Channel.CreateBounded<OutputLine>(
            new BoundedChannelOptions(FollowerCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

        public bool Wants(string type, int instance) =>
            (typeName is null || string.Equals(typeName, type, StringComparison.OrdinalIgnoreCase)) && (number is null || number == instance);
    }
}
