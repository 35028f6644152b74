using Supervision.EndToEnd.Fakes;

namespace Supervision.EndToEnd.Stopping;

/// <summary>R11: when the host itself is SIGKILLed, its children must not outlive it for long.</summary>
public sealed class HostDeathTests
{
    // The goal is a second and the watchdog takes about 20 ms (docs/reliability.md); it is one /bin/sh among whatever
    // the machine runs, and a full parallel test run (load average 40 on 2 cores) once kept it waiting past the second.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(3);

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task R11_children_do_not_outlive_a_SIGKILLed_host_by_more_than_a_second()
    {
        string marker = "r11-" + Guid.NewGuid().ToString("N");
        using HostRun host = HostRun.TestHost([
            "--Supervision:Only=orphan",
            .. Repository.ChildType("orphan", "sleep", marker)]);
        await host.WaitForLineAsync("Application started");
        await host.WaitForLineAsync("ready");
        int child = StopTests.PidOf(host, "orphan.1");

        try
        {
            host.Signal(Posix.SIGKILL);
            TimeSpan killed = host.Clock.Elapsed;
            bool gone = await Posix.WaitForExitAsync(child, Bound);

            Assert.True(gone, $"the child {child} outlived the host by more than {Bound.TotalSeconds} s");
            Figures.Report("R11", $"host SIGKILLed: child gone {Figures.Ms(host.Clock.Elapsed - killed)} later");
        }
        finally
        {
            _ = Posix.Kill(child, Posix.SIGKILL);
        }
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task R11_a_child_that_cleared_its_environment_does_not_outlive_a_SIGKILLed_host_its_group_is_killed()
    {
        // env -i: no run mark in its environment, so only the watchdog's list of groups reaches it (and its sleep).
        string marker = "r11-cleared-" + Guid.NewGuid().ToString("N");
        using HostRun host = HostRun.TestHost([
            "--Supervision:Only=cleared",
            .. Repository.Child("cleared", "/usr/bin/env", "-i", "/bin/sh", "-c", "echo ready; sleep 1000; :", marker)]);
        await host.WaitForLineAsync("Application started");
        await host.WaitForLineAsync("ready");
        int child = Assert.Single(ProcFs.WithMarker(marker), pid => pid != host.Pid);

        try
        {
            host.Signal(Posix.SIGKILL);
            TimeSpan killed = host.Clock.Elapsed;
            bool gone = await Posix.WaitForExitAsync(child, Bound);

            Assert.True(gone, $"the child {child} outlived the host by more than {Bound.TotalSeconds} s");
            Assert.Empty(ProcFs.InGroup(child));
            Figures.Report("R11", $"host SIGKILLed: a child without its run mark gone {Figures.Ms(host.Clock.Elapsed - killed)} later");
        }
        finally
        {
            _ = Posix.Kill(-child, Posix.SIGKILL);
        }
    }
}
