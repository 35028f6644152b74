using Supervision.EndToEnd.Fakes;

namespace Supervision.EndToEnd.Stopping;

/// <summary>R11: when the host itself is SIGKILLed, its children must not outlive it for long.</summary>
public sealed class HostDeathTests
{
    [Fact(
        Timeout = TestTimeouts.Test,
        Skip = "Not implemented: children are started with posix_spawn + POSIX_SPAWN_SETSID, which cannot set PR_SET_PDEATHSIG, "
            + "and nothing else watches the host; a SIGKILLed host leaves its children running (re-parented to init). "
            + "Recommended mechanism: a per-host watchdog holding the read end of a pipe whose write end only the host holds; "
            + "see docs/reliability.md, R11.")]
    public async Task R11_children_do_not_outlive_a_SIGKILLed_host_by_more_than_a_second()
    {
        string marker = "r11-" + Guid.NewGuid().ToString("N");
        using HostRun host = HostRun.TestHost([
            "--Supervision:Only=orphan",
            .. Repository.ChildType("orphan", "sleep", marker)]);
        await host.WaitForLineAsync("Application started");
        await host.WaitForLineAsync("ready");
        int child = Assert.Single(Proc.WithMarker(marker));

        try
        {
            host.Signal(Posix.SIGKILL);
            TimeSpan killed = host.Clock.Elapsed;
            bool gone = await Posix.WaitForExitAsync(child, TimeSpan.FromSeconds(1));

            Assert.True(gone, $"the child {child} outlived the host by more than 1 s");
            Figures.Report("R11", $"host SIGKILLed: child gone {Figures.Ms(host.Clock.Elapsed - killed)} later");
        }
        finally
        {
            _ = Posix.Kill(child, Posix.SIGKILL);
        }
    }
}
