using Supervision.Tests.Fakes;
using static Supervision.SupervisionEventKind;

namespace Supervision.Tests.Processes;

/// <summary>Signals on request: to the instance's process group, through the supervisor's loop.</summary>
public sealed class SignalTests
{
    // Traps HUP and says so; the loop's sleep keeps the trap answering within a tenth of a second.
    private static ProcessTypeOptions Trapper() => new()
    {
        Command = "/bin/sh",
        Arguments = ["-c", "trap 'echo got HUP from $PS' HUP; echo ready; while :; do sleep 0.1; done"],
    };

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_signal_reaches_exactly_the_instance_asked_for_and_it_keeps_running()
    {
        await using var h = new ChildHarness();
        h.AddChild("trap", Trapper()).Count = 2;
        await h.StartAsync();
        await WaitForRecentLineAsync(h, 2, "ready");

        await h.Supervisor.SignalAsync("trap", 2, "SIGHUP").WaitAsync(TestTimeouts.Wait);

        await h.WaitForLineAsync("trap", "got HUP from trap.2");
        Assert.DoesNotContain(h.Supervisor.GetRecentOutput("trap", 1), l => l.Text.StartsWith("got HUP", StringComparison.Ordinal));
        Assert.Equal(InstanceState.Running, h.Status("trap.2").State);
        Assert.Empty(h.Events.Of(Exited));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_signal_to_a_type_reaches_every_instance()
    {
        await using var h = new ChildHarness();
        h.AddChild("trap", Trapper()).Count = 2;
        await h.StartAsync();
        await WaitForRecentLineAsync(h, 1, "ready");
        await WaitForRecentLineAsync(h, 2, "ready");

        await h.Supervisor.SignalAsync("trap", null, "1").WaitAsync(TestTimeouts.Wait);

        await WaitForRecentLineAsync(h, 1, "got HUP from trap.1");
        await WaitForRecentLineAsync(h, 2, "got HUP from trap.2");
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_bad_signal_a_missing_instance_or_an_unknown_type_is_refused()
    {
        await using var h = new ChildHarness();
        h.AddChild("trap", Trapper());
        await h.StartAsync();

        ArgumentException bad = await Assert.ThrowsAsync<ArgumentException>(() => h.Supervisor.SignalAsync("trap", 1, "SIGNOPE"));
        Assert.Contains("'SIGNOPE' is not a signal", bad.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => h.Supervisor.SignalAsync("trap", 3, "HUP"));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Supervisor.SignalAsync("nope", 1, "HUP"));
    }

    private static Task WaitForRecentLineAsync(ChildHarness h, int instance, string text) =>
        RecentOutputWait.ForLineAsync(h.Supervisor, "trap", instance, text, TestTimeouts.Wait);
}
