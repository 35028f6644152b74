namespace Supervision.Restart;

/// <summary>The backoff formula, as one pure function.</summary>
internal static class BackoffDelay
{
    /// <summary>Computes the delay before restart <paramref name="attempt"/> (1-based).</summary>
    /// <param name="attempt">The restart number since the last reset, from 1.</param>
    /// <param name="options">The backoff settings.</param>
    /// <param name="randomUnit">A value uniform in [0, 1).</param>
    public static TimeSpan Compute(int attempt, BackoffOptions options, double randomUnit)
    {
        // No delay at all: the attempt count of a crash loop grows without bound, and Pow of it is not free.
        if (options.Initial <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        double maxTicks = options.Max.Ticks;
        double ticks = options.Initial.Ticks * Math.Pow(options.Multiplier, Math.Max(0, attempt - 1));

        // Pow overflows to infinity for large attempts: the cap wins.
        if (ticks > maxTicks)
        {
            ticks = maxTicks;
        }

        ticks *= 1 - (options.Jitter * randomUnit);
        return TimeSpan.FromTicks((long)ticks);
    }
}
