using System.Diagnostics.CodeAnalysis;

namespace Supervision.Timing;

/// <summary>
/// The armed timers of a <see cref="PreciseTimerQueue"/>, earliest due first: a binary min-heap in which every timer
/// knows its own position, so re-arming or disarming one moves or removes it in place. Nothing stale is left behind
/// to skip later, and nothing is allocated once the array has grown. Not thread-safe: the queue's lock guards it.
/// </summary>
internal sealed class PreciseTimerHeap
{
    private PreciseTimer?[] _items = new PreciseTimer?[4];

    public int Count { get; private set; }

    /// <summary>Arms <paramref name="timer"/> for <paramref name="dueAt"/>, or moves it there if it was armed already.</summary>
    /// <returns><see langword="true"/> when it is now the earliest: the queue's thread must wait less.</returns>
    public bool Set(PreciseTimer timer, long dueAt)
    {
        timer.DueAt = dueAt;
        int index = timer.HeapIndex;
        if (index < 0)
        {
            if (Count == _items.Length)
            {
                Array.Resize(ref _items, _items.Length * 2);
            }

            index = Count++;
            Place(timer, index);
        }

        Restore(index);
        return timer.HeapIndex == 0;
    }

    /// <summary>Disarms <paramref name="timer"/>; nothing happens if it was not armed.</summary>
    public void Remove(PreciseTimer timer)
    {
        int index = timer.HeapIndex;
        if (index < 0)
        {
            return;
        }

        timer.HeapIndex = -1;
        int last = --Count;
        PreciseTimer moved = _items[last]!;
        _items[last] = null;
        if (index != last)
        {
            Place(moved, index);
            Restore(index);
        }
    }

    public bool TryPeekDueAt(out long dueAt)
    {
        dueAt = Count == 0 ? long.MaxValue : _items[0]!.DueAt;
        return Count > 0;
    }

    /// <summary>Takes the earliest timer out if it is due at <paramref name="now"/>.</summary>
    public bool TryTakeDue(long now, [NotNullWhen(true)] out PreciseTimer? timer)
    {
        timer = Count > 0 && _items[0]!.DueAt <= now ? _items[0] : null;
        if (timer is not null)
        {
            Remove(timer);
        }

        return timer is not null;
    }

    // The timer at index has a new due time, or is new there: it moves up or down to where it belongs.
    private void Restore(int index)
    {
        PreciseTimer timer = _items[index]!;
        while (index > 0)
        {
            int parent = (index - 1) / 2;
            if (_items[parent]!.DueAt <= timer.DueAt)
            {
                break;
            }

            Place(_items[parent]!, index);
            index = parent;
        }

        while (true)
        {
            int child = (2 * index) + 1;
            if (child >= Count)
            {
                break;
            }

            if (child + 1 < Count && _items[child + 1]!.DueAt < _items[child]!.DueAt)
            {
                child++;
            }

            if (timer.DueAt <= _items[child]!.DueAt)
            {
                break;
            }

            Place(_items[child]!, index);
            index = child;
        }

        Place(timer, index);
    }

    private void Place(PreciseTimer timer, int index)
    {
        _items[index] = timer;
        timer.HeapIndex = index;
    }
}
