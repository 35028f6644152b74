using System.Threading.Channels;

namespace Supervision.Events;

/// <summary>
/// Fans events out to any number of readers. A reader subscribes when its enumeration begins
/// (<see cref="IAsyncEnumerable{T}.GetAsyncEnumerator"/>), not when <see cref="Watch"/> is called, and is released when
/// its enumerator is disposed or its token is cancelled: an enumerable nobody enumerates holds nothing, and a cancelled
/// reader holds nothing even if it is never disposed. Each reader has its own buffer of <see cref="ReaderCapacity"/>
/// events: when it is full the oldest event is dropped for that reader only and counted, so a reader that never reads
/// neither slows supervision nor holds more than one buffer, and what it reads next is the most recent.
/// </summary>
internal sealed class EventHub
{
    internal const int ReaderCapacity = 1024;

    private readonly Lock _gate = new();
    private Reader[] _readers = [];

    public bool HasReaders => Volatile.Read(ref _readers).Length != 0;

    /// <summary>How many readers are subscribed now.</summary>
    internal int ReaderCount => Volatile.Read(ref _readers).Length;

    public void Publish(in SupervisionEvent supervisionEvent)
    {
        foreach (Reader reader in Volatile.Read(ref _readers))
        {
            reader.Write(supervisionEvent);
        }
    }

    /// <summary>
    /// Events from when enumeration begins, after the events <paramref name="snapshot"/> returns at that moment (the
    /// current state, so that a reader misses nothing that happened before it subscribed).
    /// </summary>
    public IAsyncEnumerable<SupervisionEvent> Watch(TimeProvider timeProvider, Func<SupervisionEvent[]>? snapshot, CancellationToken cancellationToken) =>
        new Subscription(this, timeProvider, snapshot, cancellationToken);

    private void Add(Reader reader)
    {
        lock (_gate)
        {
            _readers = [.. _readers, reader];
        }
    }

    private void Remove(Reader reader)
    {
        lock (_gate)
        {
            if (Array.IndexOf(_readers, reader) >= 0)
            {
                _readers = Array.FindAll(_readers, r => r != reader);
            }
        }
    }

    // Holds only its arguments: nothing is subscribed until GetAsyncEnumerator, so a call never enumerated costs this object.
    private sealed class Subscription(EventHub hub, TimeProvider timeProvider, Func<SupervisionEvent[]>? snapshot, CancellationToken watchToken)
        : IAsyncEnumerable<SupervisionEvent>
    {
        public IAsyncEnumerator<SupervisionEvent> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
            new Reader(hub, timeProvider, snapshot, watchToken, cancellationToken);
    }

    private sealed class Reader : IAsyncEnumerator<SupervisionEvent>
    {
        private readonly EventHub _hub;
        private readonly TimeProvider _time;
        private readonly Channel<SupervisionEvent> _buffer;
        private readonly CancellationTokenSource? _linked;
        private readonly CancellationToken _token;
        private readonly CancellationTokenRegistration _released;
        private SupervisionEvent[] _snapshot = [];
        private int _next;
        private long _missed;
        private int _removed;

        public Reader(EventHub hub, TimeProvider time, Func<SupervisionEvent[]>? snapshot, CancellationToken watchToken, CancellationToken enumeratorToken)
        {
            _hub = hub;
            _time = time;
            _buffer = Channel.CreateBounded<SupervisionEvent>(
                new BoundedChannelOptions(ReaderCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
                _ => Interlocked.Increment(ref _missed));
            if (watchToken.CanBeCanceled && enumeratorToken.CanBeCanceled && watchToken != enumeratorToken)
            {
                _linked = CancellationTokenSource.CreateLinkedTokenSource(watchToken, enumeratorToken);
                _token = _linked.Token;
            }
            else
            {
                _token = watchToken.CanBeCanceled ? watchToken : enumeratorToken;
            }

            if (_token.IsCancellationRequested)
            {
                _removed = 1;
                return;
            }

            // Subscribed before the snapshot is taken: a change made meanwhile shows in the snapshot, then again as an
            // event after it, never in neither.
            hub.Add(this);
            try
            {
                _snapshot = snapshot?.Invoke() ?? [];
            }
            catch
            {
                // No enumerator reaches the caller to dispose.
                Release();
                _linked?.Dispose();
                throw;
            }

            // Registered after subscribing: a token cancelled in between runs Release at once.
            _released = _token.UnsafeRegister(static state => ((Reader)state!).Release(), this);
        }

        public SupervisionEvent Current { get; private set; }

        public void Write(in SupervisionEvent supervisionEvent) => _buffer.Writer.TryWrite(supervisionEvent);

        public ValueTask<bool> MoveNextAsync()
        {
            if (_token.IsCancellationRequested)
            {
                return ValueTask.FromCanceled<bool>(_token);
            }

            if (_next < _snapshot.Length)
            {
                Current = _snapshot[_next++];
                if (_next == _snapshot.Length)
                {
                    _snapshot = [];
                    _next = 0;
                }

                return new ValueTask<bool>(true);
            }

            return TryTake() ? new ValueTask<bool>(true) : WaitAsync();
        }

        public ValueTask DisposeAsync()
        {
            Release();
            _released.Dispose();
            _linked?.Dispose();
            return ValueTask.CompletedTask;
        }

        private bool TryTake()
        {
            // The dropped events were the oldest, so the gap lies before whatever the buffer holds now.
            long missed = Interlocked.Exchange(ref _missed, 0);
            if (missed != 0)
            {
                Current = new SupervisionEvent(SupervisionEventKind.Missed, _time.GetUtcNow(), string.Empty, Missed: missed);
                return true;
            }

            if (_buffer.Reader.TryRead(out SupervisionEvent next))
            {
                Current = next;
                return true;
            }

            return false;
        }

        private async ValueTask<bool> WaitAsync()
        {
            while (await _buffer.Reader.WaitToReadAsync(_token).ConfigureAwait(false))
            {
                if (TryTake())
                {
                    return true;
                }
            }

            return false;
        }

        private void Release()
        {
            if (Interlocked.Exchange(ref _removed, 1) == 0)
            {
                _hub.Remove(this);
            }
        }
    }
}
