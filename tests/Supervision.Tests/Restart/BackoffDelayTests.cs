namespace Supervision.Tests.Restart;

public sealed class BackoffDelayTests
{
    private static BackoffOptions Options(double jitter = 0) => new()
    {
        Initial = TimeSpan.FromMilliseconds(100),
        Max = TimeSpan.FromSeconds(1),
        Multiplier = 2,
        Jitter = jitter,
    };

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(3, 400)]
    [InlineData(4, 800)]
    [InlineData(5, 1000)]
    [InlineData(6, 1000)]
    public void Compute_NoJitter_IsInitialTimesMultiplierPowerCappedAtMax(int attempt, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), BackoffDelay.Compute(attempt, Options(), randomUnit: 0.7));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(0.999999)]
    public void Compute_WithJitter_StaysBetweenReducedAndFullDelay(double unit)
    {
        BackoffOptions options = Options(jitter: 0.25);
        for (int attempt = 1; attempt <= 8; attempt++)
        {
            TimeSpan full = BackoffDelay.Compute(attempt, Options(), 0);
            TimeSpan delay = BackoffDelay.Compute(attempt, options, unit);
            Assert.InRange(delay, full * 0.75, full);
            Assert.True(delay <= options.Max);
        }
    }

    [Fact]
    public void Compute_JitterOne_CanShortenToAlmostZeroButNeverNegative()
    {
        TimeSpan delay = BackoffDelay.Compute(3, Options(jitter: 1), 0.999999);
        Assert.InRange(delay, TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(5000)]
    [InlineData(int.MaxValue)]
    public void Compute_HugeAttempt_OverflowIsCappedAtMax(int attempt)
    {
        Assert.Equal(TimeSpan.FromSeconds(1), BackoffDelay.Compute(attempt, Options(), 0));
    }

    [Fact]
    public void Compute_InitialZero_IsZeroForEveryAttempt()
    {
        var options = new BackoffOptions { Initial = TimeSpan.Zero, Jitter = 0 };
        Assert.Equal(TimeSpan.Zero, BackoffDelay.Compute(1, options, 0));
        Assert.Equal(TimeSpan.Zero, BackoffDelay.Compute(int.MaxValue, options, 0));
    }
}
