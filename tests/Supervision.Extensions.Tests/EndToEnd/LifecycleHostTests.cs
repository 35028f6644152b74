namespace Supervision.Extensions.Tests.EndToEnd;

/// <summary>Init steps, significant processes, exit-code verdicts and planned restarts, in a real host with real child processes.</summary>
public sealed class LifecycleHostTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("supervision-lifecycle-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task An_init_step_that_exits_0_after_1_s_gates_the_next_type()
    {
        using HostRun host = StartHost(
            [.. Child("migrate", "sleep 1; exit 0"), "--Supervision:ProcessTypes:migrate:Readiness:Probe=Completed", "--Supervision:ProcessTypes:migrate:Restart=OnFailure", .. Child("web", "exec sleep 100")]);
        await host.WaitForOutputAsync(static o => o.Contains("Started web.1", StringComparison.Ordinal));

        string output = host.Output;
        Assert.True(output.IndexOf("migrate.1 completed", StringComparison.Ordinal) < output.IndexOf("Started web.1", StringComparison.Ordinal), output);
        Assert.Equal(0, (await host.SignalAndWaitForExitAsync(Posix.SIGTERM)).ExitCode);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task An_init_step_that_fails_twice_then_succeeds_delays_the_next_type_by_its_backoff()
    {
        string counter = Path.Combine(_dir.FullName, "runs");
        using HostRun host = StartHost(
            [.. Child("migrate", $"n=$(cat {counter} 2>/dev/null || echo 0); echo $((n + 1)) > {counter}; [ $n -ge 2 ]"),
             "--Supervision:ProcessTypes:migrate:Readiness:Probe=Completed", "--Supervision:ProcessTypes:migrate:Restart=OnFailure", .. Child("web", "exec sleep 100")]);
        await host.WaitForOutputAsync(static o => o.Contains("Started web.1", StringComparison.Ordinal));

        string output = host.Output;
        Assert.Equal("3", File.ReadAllText(counter).Trim());
        Assert.True(output.IndexOf("Started migrate.1 (restarts: 2)", StringComparison.Ordinal) < output.IndexOf("Started web.1", StringComparison.Ordinal), output);
        Assert.Contains("Restarting migrate.1 in", output, StringComparison.Ordinal);
        Assert.Equal(0, (await host.SignalAndWaitForExitAsync(Posix.SIGTERM)).ExitCode);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task An_init_step_that_always_fails_makes_the_host_exit_non_zero_with_the_next_type_never_started()
    {
        using HostRun host = StartHost(
            [.. Child("migrate", "exit 1"), "--Supervision:ProcessTypes:migrate:Readiness:Probe=Completed", "--Supervision:ProcessTypes:migrate:Restart=OnFailure",
             "--Supervision:MaxRestarts=2", .. Child("web", "exec sleep 100")]);

        int exitCode = await host.WaitForExitAsync();

        Assert.True(exitCode != 0, "exit code 0; output:\n" + host.Output);
        Assert.Contains("Supervision gave up", host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Started web.1", host.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_significant_in_process_worker_that_returns_stops_the_host_with_exit_0()
    {
        using HostRun host = StartHost(
            ["--TestHost:Lifecycle=true", "--Supervision:AutoShutdown=AnySignificant", "--Supervision:ProcessTypes:finisher:Significant=true",
             "--Supervision:ProcessTypes:finisher:Restart=OnFailure", .. Child("web", "exec sleep 100")],
            only: "finisher,web");

        int exitCode = await host.WaitForExitAsync();

        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{host.Output}");
        Assert.Contains("Supervision shut down", host.Output, StringComparison.Ordinal);
        Assert.Contains("Started web.1", host.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task AllSignificant_waits_for_every_significant_process_and_exits_with_the_failed_ones_exit_code()
    {
        using HostRun host = StartHost(
            ["--TestHost:Lifecycle=true", "--TestHost:FinishAfterMs=0", "--Supervision:AutoShutdown=AllSignificant",
             "--Supervision:ProcessTypes:finisher:Significant=true", "--Supervision:ProcessTypes:finisher:Restart=OnFailure",
             .. Child("job", "sleep 1; exit 4"), "--Supervision:ProcessTypes:job:Significant=true", "--Supervision:ProcessTypes:job:Restart=Never",
             .. Child("web", "exec sleep 100")],
            only: "finisher,job,web");

        int exitCode = await host.WaitForExitAsync();

        string output = host.Output;
        Assert.True(exitCode == 4, $"exit code {exitCode}; output:\n{output}");
        Assert.True(output.IndexOf("finisher.1 exited", StringComparison.Ordinal) < output.IndexOf("job.1 failed", StringComparison.Ordinal), output);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_child_exiting_78_with_RestartPreventExitCodes_78_is_not_restarted_and_the_host_keeps_running()
    {
        using HostRun host = StartHost(
            [.. Child("config", "exit 78"), "--Supervision:ProcessTypes:config:RestartPreventExitCodes:0=78", "--Supervision:MaxRestarts=0", .. Child("web", "exec sleep 100")]);
        await host.WaitForOutputAsync(static o => o.Contains("config.1 ended for good", StringComparison.Ordinal) && o.Contains("Started web.1", StringComparison.Ordinal));

        Assert.False(host.HasExited, host.Output);
        Assert.DoesNotContain("Started config.1 (restarts: 1)", host.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await host.SignalAndWaitForExitAsync(Posix.SIGTERM)).ExitCode);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_child_exiting_143_with_SuccessExitCodes_143_and_OnFailure_is_not_restarted_nor_counted_as_a_failure()
    {
        using HostRun host = StartHost(
            [.. Child("web", "exit 143"), "--Supervision:ProcessTypes:web:SuccessExitCodes:0=143", "--Supervision:ProcessTypes:web:Restart=OnFailure",
             "--Supervision:MaxRestarts=0", .. Child("other", "exec sleep 100")]);
        await host.WaitForOutputAsync(static o => o.Contains("web.1 is not restarted (restart policy OnFailure)", StringComparison.Ordinal) && o.Contains("Started other.1", StringComparison.Ordinal));

        Assert.Contains("web.1 exited: Completed (exit code 143)", host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("web.1 failed", host.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await host.SignalAndWaitForExitAsync(Posix.SIGTERM)).ExitCode);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task MaxLifetime_of_1_s_restarts_a_child_about_every_second_with_no_failure_counted_and_no_backoff()
    {
        using HostRun host = StartHost([.. Child("cache", "exec sleep 100"), "--Supervision:ProcessTypes:cache:MaxLifetime=00:00:01", "--Supervision:MaxRestarts=0"]);
        await host.WaitForOutputAsync(static o => o.Contains("Started cache.1 (restarts: 3)", StringComparison.Ordinal));

        string output = host.Output;
        Assert.Contains("Restarting cache.1 as planned (MaxLifetime)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("backoff attempt", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Supervision gave up", output, StringComparison.Ordinal);
        Assert.Equal(0, (await host.SignalAndWaitForExitAsync(Posix.SIGTERM)).ExitCode);
    }

    /// <summary>A child type running <paramref name="line"/> through <c>/bin/sh -c</c>, from the command line.</summary>
    private static string[] Child(string type, string line) =>
        [$"--Supervision:ProcessTypes:{type}:Command=/bin/sh", $"--Supervision:ProcessTypes:{type}:Arguments:0=-c", $"--Supervision:ProcessTypes:{type}:Arguments:1={line}"];

    private static HostRun StartHost(string[] args, string? only = null)
    {
        // Configured-only types start in the order of their keys; Only leaves out the test host's own types.
        string types = only ?? string.Join(',', args.Where(a => a.EndsWith(":Command=/bin/sh", StringComparison.Ordinal)).Select(a => a.Split(':')[2]));
        return HostRun.Start("tests/Supervision.TestHost", "Supervision.TestHost", [$"--Supervision:Only={types}", .. args]);
    }
}
