using Microsoft.Extensions.Time.Testing;

namespace Supervision.Tests.Engine;

public sealed class RestartIntensityTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void TryRecord_MaxRestartsInsideWindow_AreToleratedAndOneMoreIsRefused()
    {
        var intensity = new RestartIntensity(3, TimeSpan.FromSeconds(30), _time);
        for (int i = 0; i < 3; i++)
        {
            Assert.True(intensity.TryRecord(_time.GetTimestamp()));
            _time.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.False(intensity.TryRecord(_time.GetTimestamp()));
    }

    [Fact]
    public void TryRecord_RestartsOlderThanWindow_AreNotCounted()
    {
        var intensity = new RestartIntensity(2, TimeSpan.FromSeconds(10), _time);
        for (int i = 0; i < 50; i++)
        {
            Assert.True(intensity.TryRecord(_time.GetTimestamp()));
            _time.Advance(TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public void TryRecord_WindowSlides_OnlyTheRecentRestartsCount()
    {
        var intensity = new RestartIntensity(2, TimeSpan.FromSeconds(10), _time);
        Assert.True(intensity.TryRecord(_time.GetTimestamp()));          // t=0
        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.True(intensity.TryRecord(_time.GetTimestamp()));          // t=6
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(intensity.TryRecord(_time.GetTimestamp()));          // t=11: t=0 has left the window
        Assert.False(intensity.TryRecord(_time.GetTimestamp()));         // t=11: 6, 11, 11 would be three
    }

    [Fact]
    public void TryRecord_MaxRestartsZero_RefusesTheFirstRestart()
    {
        Assert.False(new RestartIntensity(0, TimeSpan.FromSeconds(1), _time).TryRecord(_time.GetTimestamp()));
    }

    [Fact]
    public void TryRecord_MaxRestartsMinusOne_NeverGivesUp()
    {
        var intensity = new RestartIntensity(-1, TimeSpan.FromSeconds(1), _time);
        for (int i = 0; i < 1000; i++)
        {
            Assert.True(intensity.TryRecord(_time.GetTimestamp()));
        }
    }
}
