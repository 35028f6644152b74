using Supervision.Tests.Fakes;
using static Supervision.SupervisionEventKind;

namespace Supervision.Tests.Engine;

/// <summary>One stop deadline: reverse order while the time left covers it, the rest at once when it does not; or Foreman's all at once.</summary>
public sealed partial class SupervisorTests
{
    private static readonly string[] FiveTypes = ["a", "b", "c", "d", "e"];

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Stop_TimeLeftCannotCoverTheSlotsOneByOne_AsksThemAllAtOnceEachWithItsStopTimeout()
    {
        // Five types that ignore their token, 2 s each, 7 s in all: one by one would take 10 s.
        await using SupervisorHarness h = await StartStubbornAsync(o => { });

        Task stop = h.Supervisor.StopWithinAsync(TimeSpan.FromSeconds(7));
        foreach (string type in FiveTypes)
        {
            await h.Events.WaitAsync(Stopping, $"{type}.1");
        }

        Assert.False(stop.IsCompleted);
        h.Time.Advance(TimeSpan.FromSeconds(2));
        await stop.WaitAsync(TestTimeouts.Wait);
        Assert.All(FiveTypes, type => Assert.Equal(ExitReason.StopTimedOut, h.Status($"{type}.1").LastExit!.Value.Reason));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Stop_TimeLeftCoversEverySlot_StopsInReverseOneSlotAfterTheOther()
    {
        await using SupervisorHarness h = await StartStubbornAsync(o => { });

        Task stop = h.Supervisor.StopWithinAsync(TimeSpan.FromSeconds(30));
        await h.Events.WaitAsync(Stopping, "e.1");
        Assert.Single(h.Events.Of(Stopping));
        for (int i = 0; i < FiveTypes.Length; i++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(2));
            if (i < FiveTypes.Length - 1)
            {
                await h.Events.WaitAsync(Stopping, $"{FiveTypes[FiveTypes.Length - 2 - i]}.1");
            }
        }

        await stop.WaitAsync(TestTimeouts.Wait);
        Assert.Equal(["e.1", "d.1", "c.1", "b.1", "a.1"], h.Events.Of(Stopping).Select(e => e.Source));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task StopOrder_AllAtOnce_AsksEveryChildAtOnceLikeForeman()
    {
        await using SupervisorHarness h = await StartStubbornAsync(o => o.StopOrder = StopOrder.AllAtOnce);

        Task stop = h.Supervisor.StopAsync();
        foreach (string type in FiveTypes)
        {
            await h.Events.WaitAsync(Stopping, $"{type}.1");
        }

        h.Time.Advance(TimeSpan.FromSeconds(2));
        await stop.WaitAsync(TestTimeouts.Wait);
    }

    private static async Task<SupervisorHarness> StartStubbornAsync(Action<ProcessGroupOptions> configure)
    {
        var h = new SupervisorHarness(configure);
        foreach (string type in FiveTypes)
        {
            h.AddType(type).StopTimeout = TimeSpan.FromSeconds(2);
            h.Script.IgnoreStop.Add(type);
        }

        await h.StartAsync();
        foreach (string type in FiveTypes)
        {
            await h.Script.NextRunAsync($"{type}.1");
        }

        return h;
    }
}
