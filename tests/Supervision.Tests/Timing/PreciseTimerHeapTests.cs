namespace Supervision.Tests.Timing;

/// <summary>The heap behind the precise timers, driven with made-up timestamps: order, re-arming and removal in place.</summary>
public sealed class PreciseTimerHeapTests
{
    private readonly PreciseTimerHeap _heap = new();

    [Fact]
    public void TryTakeDue_ManyTimersArmedInAnyOrder_TakesThemEarliestFirst()
    {
        long[] dues = [.. Enumerable.Range(1, 100).Select(i => i * 10L).OrderBy(d => (d * 7919) % 101)];
        foreach (long due in dues)
        {
            _heap.Set(NewTimer(), due);
        }

        Assert.Equal(dues.Order(), TakeAllDue(long.MaxValue).Select(t => t.DueAt));
        Assert.Equal(0, _heap.Count);
    }

    [Fact]
    public void TryTakeDue_NothingDueYet_TakesNothingAndLeavesTheTimerArmed()
    {
        PreciseTimer timer = NewTimer();
        _heap.Set(timer, 100);

        Assert.False(_heap.TryTakeDue(99, out _));
        Assert.True(_heap.TryTakeDue(100, out PreciseTimer? taken));
        Assert.Same(timer, taken);
        Assert.Equal(-1, timer.HeapIndex);
    }

    [Fact]
    public void Set_AnArmedTimer_MovesItInsteadOfAddingIt()
    {
        PreciseTimer a = NewTimer();
        PreciseTimer b = NewTimer();
        PreciseTimer c = NewTimer();
        _heap.Set(a, 10);
        _heap.Set(b, 20);
        _heap.Set(c, 30);

        _heap.Set(a, 40); // later
        _heap.Set(c, 5);  // earlier

        Assert.Equal(3, _heap.Count);
        Assert.Equal([c, b, a], TakeAllDue(long.MaxValue));
    }

    [Fact]
    public void Set_ReportsWhetherTheTimerIsNowTheEarliest()
    {
        PreciseTimer a = NewTimer();
        PreciseTimer b = NewTimer();

        Assert.True(_heap.Set(a, 20));
        Assert.False(_heap.Set(b, 30));
        Assert.True(_heap.Set(b, 10));
        Assert.False(_heap.Set(b, 25));
    }

    [Fact]
    public void Remove_AnyTimer_LeavesTheOthersInOrder()
    {
        PreciseTimer[] timers = [.. Enumerable.Range(0, 20).Select(_ => NewTimer())];
        for (int i = 0; i < timers.Length; i++)
        {
            _heap.Set(timers[i], 100 - i);
        }

        // The earliest, the latest and some in between.
        PreciseTimer[] removed = [timers[19], timers[0], timers[7], timers[12]];
        foreach (PreciseTimer timer in removed)
        {
            _heap.Remove(timer);
        }

        Assert.All(removed, t => Assert.Equal(-1, t.HeapIndex));
        Assert.Equal(timers.Except(removed).OrderBy(t => t.DueAt), TakeAllDue(long.MaxValue));
    }

    [Fact]
    public void Remove_ADisarmedTimer_ChangesNothing()
    {
        PreciseTimer armed = NewTimer();
        _heap.Set(armed, 10);

        _heap.Remove(NewTimer());

        Assert.Equal(1, _heap.Count);
        Assert.True(_heap.TryPeekDueAt(out long dueAt));
        Assert.Equal(10, dueAt);
    }

    [Fact]
    public void TryPeekDueAt_Empty_SaysNothingIsArmed()
    {
        Assert.False(_heap.TryPeekDueAt(out _));
    }

    private static PreciseTimer NewTimer() => new(new PreciseTimerQueue("unused"), static _ => { }, null);

    private List<PreciseTimer> TakeAllDue(long now)
    {
        var taken = new List<PreciseTimer>();
        while (_heap.TryTakeDue(now, out PreciseTimer? timer))
        {
            taken.Add(timer);
        }

        return taken;
    }
}
