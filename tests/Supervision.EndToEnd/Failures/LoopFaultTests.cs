using Supervision.EndToEnd.Fakes;

namespace Supervision.EndToEnd.Failures;

/// <summary>R19: a supervisor whose loop throws is a failed supervisor: the host exits non-zero and nothing is left running.</summary>
public sealed class LoopFaultTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task R19_a_supervisor_loop_that_throws_makes_the_host_exit_non_zero_within_ShutdownTimeout_with_nothing_left_running()
    {
        string marker = $"loopfault-{Guid.NewGuid():N}";
        using HostRun host = HostRun.TestHost([
            "--Supervision:Only=sleeper,kid,crasher",
            "--TestHost:LoopFault=true",
            "--shutdownTimeoutSeconds=5",
            .. Repository.Child("kid", "/bin/sh", "-c", $"echo ready; sleep 1000; echo {marker}")]);

        // The crasher's first failure reaches the step that throws (its restart's log entry) at once.
        HostRun.Line failed = await host.WaitForLineAsync("control loop of root failed");
        int exitCode = await host.WaitForExitAsync();
        TimeSpan toExit = host.Clock.Elapsed - failed.At;

        Assert.True(exitCode != 0, $"exit code {exitCode}; output:\n{host.Output}");
        Assert.Contains("Supervision gave up: the root supervisor's control loop failed", host.Output, StringComparison.Ordinal);
        Assert.InRange(toExit, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Empty(ProcFs.WithMarker(marker));
        Figures.Report("R19", $"a throwing step in the root's loop: failure to host exit {Figures.Ms(toExit)}, exit code {exitCode}, 0 processes left");
    }
}
