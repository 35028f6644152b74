namespace Supervision.Extensions.Tests.EndToEnd;

/// <summary>Real host processes receiving real signals.</summary>
public sealed class HostProcessTests
{
    [Theory(Timeout = TestTimeouts.Test)]
    [InlineData(Posix.SIGTERM)]
    [InlineData(Posix.SIGINT)]
    public async Task The_worker_sample_stops_cleanly_on_a_signal_and_exits_0(int signal)
    {
        using HostRun sample = HostRun.Start("samples/WorkerSample", "WorkerSample");
        await sample.WaitUntilStartedAsync();

        Assert.Equal(0, Posix.Kill(sample.Pid, signal));
        int exitCode = await sample.WaitForExitAsync();

        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{sample.Output}");
        Assert.Contains("Started worker.2", sample.Output, StringComparison.Ordinal);
        Assert.Contains("Started clock.1", sample.Output, StringComparison.Ordinal);
    }

    [Theory(Timeout = TestTimeouts.Test)]
    [InlineData("samples/WorkerSample", "WorkerSample", "worker")]
    [InlineData("samples/MixedTree", "MixedTree", "consumer")]
    public async Task A_sample_with_bad_configuration_exits_1_with_every_problem_and_no_stack_trace(string project, string assembly, string type)
    {
        using HostRun sample = HostRun.Start(project, assembly, start =>
        {
            start.Environment[$"Supervision__ProcessTypes__{type}__Count"] = "-2";
            start.Environment[$"Supervision__ProcessTypes__{type}__Backoff__Jitter"] = "1.5";
        });

        int exitCode = await sample.WaitForExitAsync();

        Assert.True(exitCode == 1, $"exit code {exitCode}; output:\n{sample.Output}");
        Assert.Equal(
            [$"Supervision:ProcessTypes:{type}:Count: must be 0 or more, was '-2'.", $"Supervision:ProcessTypes:{type}:Backoff:Jitter: must be between 0 and 1, was '1.5'."],
            sample.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_host_whose_worker_always_fails_gives_up_and_exits_non_zero_by_itself()
    {
        using HostRun host = HostRun.Start("tests/Supervision.TestHost", "Supervision.TestHost", "--Supervision:Only=crasher", "--Supervision:MaxRestarts=3");

        int exitCode = await host.WaitForExitAsync();

        Assert.True(exitCode != 0, "exit code 0; output:\n" + host.Output);
        Assert.Contains("Supervision gave up", host.Output, StringComparison.Ordinal);
        Assert.Contains("crasher.1 always fails", host.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_host_with_an_invalid_formation_fails_to_start_naming_the_key()
    {
        using HostRun host = HostRun.Start("tests/Supervision.TestHost", "Supervision.TestHost", "--Supervision:Formation=sleeper=two");

        int exitCode = await host.WaitForExitAsync();

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Supervision:Formation: 'sleeper=two'", host.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_child_in_Inherit_mode_writes_straight_to_the_hosts_stdout()
    {
        using HostRun host = HostRun.Start(
            "tests/Supervision.TestHost",
            "Supervision.TestHost",
            "--Supervision:Only=inherit",
            "--Supervision:ProcessTypes:inherit:Command=/bin/sh",
            "--Supervision:ProcessTypes:inherit:Arguments:0=-c",
            "--Supervision:ProcessTypes:inherit:Arguments:1=echo \"inherited $PS\"; exec sleep 60",
            "--Supervision:ProcessTypes:inherit:Output=Inherit");
        await host.WaitUntilStartedAsync();
        await host.WaitForOutputAsync(o => o.Contains("inherited inherit.1", StringComparison.Ordinal));

        Assert.Equal(0, (await host.SignalAndWaitForExitAsync(Posix.SIGTERM)).ExitCode);
        Assert.DoesNotContain("inherit.1 |", host.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task With_process_type_sleeper_only_sleeper_runs()
    {
        using HostRun host = HostRun.Start("tests/Supervision.TestHost", "Supervision.TestHost", "--process-type", "sleeper");
        await host.WaitUntilStartedAsync();

        int exitCode = (await host.SignalAndWaitForExitAsync(Posix.SIGTERM)).ExitCode;

        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{host.Output}");
        Assert.Contains("Started sleeper.1", host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("crasher", host.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task An_unknown_process_type_on_the_command_line_fails_the_start_naming_the_switch()
    {
        using HostRun host = HostRun.Start("tests/Supervision.TestHost", "Supervision.TestHost", "--process-type", "sleeper", "--process-type", "wrker");

        int exitCode = await host.WaitForExitAsync();

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--process-type: unknown process type 'wrker' (known: crasher, sleeper).", host.Output, StringComparison.Ordinal);
    }
}
