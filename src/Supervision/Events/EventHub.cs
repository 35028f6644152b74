using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Supervision;

/// <summary>
/// Fans events out to any number of readers. Each reader has its own bounded buffer: a full buffer drops the
/// event for that reader only and counts it, so a reader that never reads cannot slow supervision.
/// </summary>
internal sealed class EventHub
{
    internal const int ReaderCapacity = 1024;

    private readonly Lock _gate = new();
    private Reader[] _readers = [];

    public bool HasReaders => Volatile.Read(ref _readers).Length != 0;

    public void Publish(in SupervisionEvent supervisionEvent)
    {
        foreach (Reader reader in Volatile.Read(ref _readers))
        {
            if (!reader.Buffer.Writer.TryWrite(supervisionEvent))
            {
                Interlocked.Increment(ref reader.Missed);
            }
        }
    }

    /// <summary>Subscribes at once, so the reader sees every event published after this call.</summary>
    public IAsyncEnumerable<SupervisionEvent> Watch(TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var reader = new Reader();
        lock (_gate)
        {
            _readers = [.. _readers, reader];
        }

        return ReadAsync(reader, timeProvider, cancellationToken);
    }

    private async IAsyncEnumerable<SupervisionEvent> ReadAsync(Reader reader, TimeProvider timeProvider, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            ChannelReader<SupervisionEvent> buffer = reader.Buffer.Reader;
            while (await buffer.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (buffer.TryRead(out SupervisionEvent next))
                {
                    long missed = Interlocked.Exchange(ref reader.Missed, 0);
                    if (missed != 0)
                    {
                        yield return new SupervisionEvent(SupervisionEventKind.Missed, timeProvider.GetUtcNow(), string.Empty, Missed: missed);
                    }

                    yield return next;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _readers = Array.FindAll(_readers, r => r != reader);
            }
        }
    }

    private sealed class Reader
    {
        public readonly Channel<SupervisionEvent> Buffer = Channel.CreateBounded<SupervisionEvent>(
            new BoundedChannelOptions(ReaderCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

        public long Missed;
    }
}
