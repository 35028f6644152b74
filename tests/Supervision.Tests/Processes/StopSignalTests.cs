using Supervision.Tests.Fakes;

namespace Supervision.Tests.Processes;

public sealed class StopSignalTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_configured_StopSignal_is_the_signal_the_child_gets_on_a_stop()
    {
        const string Script = """
            trap 'echo got-INT; exit 0' INT
            trap 'echo got-TERM; exit 0' TERM
            echo ready
            while :; do sleep 0.05; done
            """;
        await using var h = new ChildHarness();
        h.AddChild("sig", new ProcessTypeOptions { Command = "/bin/sh", Arguments = ["-c", Script], StopSignal = "SIGINT", StopTimeout = TimeSpan.FromSeconds(10) });
        await h.StartAsync();
        await h.WaitForLineAsync("sig", "ready");

        await h.StopAsync();

        await h.WaitForLineAsync("sig", "got-INT");
        Assert.DoesNotContain(h.Logs.Entries, e => e.Message.Contains("got-TERM", StringComparison.Ordinal));
        Assert.Equal(ExitReason.Stopped, h.Status("sig.1").LastExit!.Value.Reason);
    }
}
