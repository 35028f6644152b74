namespace Supervision.Engine;

/// <summary>
/// Counts restarts in a sliding window: at most <c>maxRestarts</c> inside the window are tolerated, one more
/// is refused. A ring of timestamps sized once, so recording allocates nothing.
/// </summary>
internal sealed class RestartIntensity
{
    private readonly long[] _stamps;
    private readonly long _window;
    private readonly int _maxRestarts;
    private int _oldest;
    private int _count;

    public RestartIntensity(int maxRestarts, TimeSpan window, TimeProvider timeProvider)
    {
        _maxRestarts = maxRestarts;
        _stamps = new long[Math.Max(0, maxRestarts)];
        _window = (long)(window.Ticks * (timeProvider.TimestampFrequency / (double)TimeSpan.TicksPerSecond));
    }

    /// <summary>
    /// Records a restart for a failure at <paramref name="now"/> (a timestamp of the supervisor's clock: when the run
    /// ended, not when the loop got to it), unless it would be one too many inside the window.
    /// </summary>
    /// <returns><see langword="false"/> when the limit is exceeded and the supervisor must escalate.</returns>
    public bool TryRecord(long now)
    {
        if (_maxRestarts < 0)
        {
            return true;
        }

        while (_count > 0 && now - _stamps[_oldest] >= _window)
        {
            _oldest = (_oldest + 1) % _stamps.Length;
            _count--;
        }

        if (_count == _maxRestarts)
        {
            return false;
        }

        _stamps[(_oldest + _count) % _stamps.Length] = now;
        _count++;
        return true;
    }

    public void Clear() => _count = 0;
}
