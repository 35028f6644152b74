using Supervision.EndToEnd.Fakes;
using Supervision.EndToEnd.Stopping;

namespace Supervision.EndToEnd.Signals;

/// <summary>R7: SIGTERM whenever it comes stops cleanly: no restart once the stop began, exit code 0.</summary>
public sealed class SignalTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task R7_SIGTERM_during_backoff_cancels_the_backoff_and_exits_0_at_once()
    {
        using HostRun host = HostRun.TestHost(
            "--Supervision:Only=crasher",
            "--Supervision:MaxRestarts=-1",
            "--Supervision:ProcessTypes:crasher:Backoff:Initial=00:00:10",
            "--Supervision:ProcessTypes:crasher:Backoff:Max=00:00:10");
        await host.WaitForLineAsync("Restarting crasher.1 in");

        (int exitCode, TimeSpan stop) = await host.SignalAndWaitForExitAsync(Posix.SIGTERM);

        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{host.Output}");
        Assert.DoesNotContain("Started crasher.1 (restarts: 1)", host.Output, StringComparison.Ordinal);
        Assert.InRange(stop, TimeSpan.Zero, TimeSpan.FromSeconds(2));
        Figures.Report("R7", $"SIGTERM during a 10 s backoff: host exit after {Figures.Ms(stop)}, no restart");
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task R7_SIGTERM_during_the_start_of_the_formation_stops_what_started_and_exits_0()
    {
        // slowstart holds the start for 2 s; the child type (configuration only) comes after it.
        string marker = "r7-start-" + Guid.NewGuid().ToString("N");
        using HostRun host = HostRun.TestHost([
            "--Supervision:Only=sleeper,slowstart,kid",
            "--TestHost:SlowStartMs=2000",
            .. Repository.ChildType("kid", "sleep", marker)]);
        await host.WaitForLineAsync("slowstart constructing");

        (int exitCode, TimeSpan stop) = await host.SignalAndWaitForExitAsync(Posix.SIGTERM);

        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{host.Output}");
        Assert.Empty(ProcFs.WithMarker(marker));
        Assert.DoesNotContain("restarts: 1", host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", host.Output, StringComparison.Ordinal);
        Figures.Report("R7", $"SIGTERM during the start (2 s constructor): host exit after {Figures.Ms(stop)}, nothing left");
    }

    [Theory(Timeout = TestTimeouts.Test)]
    [InlineData(Posix.SIGTERM, Posix.SIGTERM)]
    [InlineData(Posix.SIGINT, Posix.SIGTERM)]
    public async Task R7_a_second_signal_during_the_stop_changes_nothing_the_stop_completes_and_exits_0(int first, int second)
    {
        string marker = "r7-twice-" + Guid.NewGuid().ToString("N");
        using HostRun host = HostRun.TestHost([
            "--Supervision:Only=sleeper,deaf",
            "--Supervision:ProcessTypes:deaf:StopTimeout=00:00:01",
            .. Repository.ChildType("deaf", "ignore-term", marker)]);
        await host.WaitForLineAsync("Application started");
        await host.WaitForLineAsync("ready");

        TimeSpan signalled = host.Clock.Elapsed;
        host.Signal(first);
        await host.WaitForLineAsync("Application is shutting down");
        host.Signal(second);
        int exitCode = await host.WaitForExitAsync();
        TimeSpan stop = host.Clock.Elapsed - signalled;

        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{host.Output}");
        Assert.Empty(ProcFs.WithMarker(marker));
        Assert.DoesNotContain("restarts: 1", host.Output, StringComparison.Ordinal);
        Assert.InRange(stop, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        Figures.Report("R7", $"signal {first} then {second} during the stop (StopTimeout 1 s): host exit after {Figures.Ms(stop)}");
    }
}
