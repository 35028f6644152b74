using System.Globalization;
using System.Text.RegularExpressions;

namespace Supervision.Extensions.Tests.EndToEnd;

/// <summary>`supervise` giving up, its restart limits from arguments and the environment, and SIGHUP.</summary>
public sealed partial class ProcfileRunnerTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Supervise_gives_up_after_more_restarts_than_max_restarts_and_exits_1()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "Procfile"), "crash: exit 3\n");

        using HostRun runner = HostRun.Start("samples/ProcfileRunner", "supervise", "start", "-f", Path.Combine(_dir.FullName, "Procfile"), "--max-restarts", "1");
        int exitCode = await runner.WaitForExitAsync();

        Assert.True(exitCode == 1, $"exit code {exitCode}; output:\n{runner.Output}");
        Assert.Contains("Supervision gave up", runner.Output, StringComparison.Ordinal);
        Assert.Contains("Started crash.1 (restarts: 1)", runner.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("restarts: 2)", runner.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Supervise_reads_the_restart_limits_from_Supervision_environment_variables()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "Procfile"), "crash: exit 3\n");

        using HostRun runner = HostRun.Start(
            "samples/ProcfileRunner", "supervise", start => start.Environment["Supervision__MaxRestarts"] = "0", "start", "-f", Path.Combine(_dir.FullName, "Procfile"));
        int exitCode = await runner.WaitForExitAsync();

        Assert.True(exitCode == 1, $"exit code {exitCode}; output:\n{runner.Output}");
        Assert.Contains("Supervision gave up", runner.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("restarts: 1)", runner.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Supervise_arguments_win_over_Supervision_environment_variables()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "Procfile"), "crash: exit 3\n");

        using HostRun runner = HostRun.Start(
            "samples/ProcfileRunner",
            "supervise",
            start => start.Environment["Supervision__MaxRestarts"] = "0",
            "start", "-f", Path.Combine(_dir.FullName, "Procfile"), "--max-restarts", "-1");
        await runner.WaitForOutputAsync(static o => o.Contains("Started crash.1 (restarts: 3)", StringComparison.Ordinal));

        Assert.Equal(0, Posix.Kill(runner.Pid, Posix.SIGTERM));
        int exitCode = await runner.WaitForExitAsync();

        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{runner.Output}");
        Assert.DoesNotContain("Supervision gave up", runner.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Supervise_stops_gracefully_on_SIGHUP_like_Foreman_each_process_getting_its_stop_signal()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "Procfile"), $"web: exec dotnet {TestChild.Dll} env PID\n");

        using HostRun runner = HostRun.Start("samples/ProcfileRunner", "supervise", "start", "-f", Path.Combine(_dir.FullName, "Procfile"));
        await runner.WaitForOutputAsync(static o => o.Contains("| ready", StringComparison.Ordinal));
        int pid = int.Parse(Regex.Match(runner.Output, @"\| PID=(?<pid>\d+)").Groups["pid"].Value, CultureInfo.InvariantCulture);

        Assert.Equal(0, Posix.Kill(runner.Pid, Posix.SIGHUP));
        int exitCode = await runner.WaitForExitAsync();

        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{runner.Output}");
        Assert.Matches(@"web\.1\s+\| stopping", runner.Output);
        Assert.False(ProcFs.IsAlive(pid), $"pid {pid} outlived supervise");
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Supervise_stops_five_processes_that_ignore_SIGTERM_all_at_once_in_one_stop_timeout_like_Foreman()
    {
        // Issue 14: one after the other, -t 2 made this stop 7 s and cut it off; Foreman gives them -t in all.
        const string Line = "trap '' TERM; echo ready; while :; do sleep 1; done";
        File.WriteAllText(Path.Combine(_dir.FullName, "Procfile"), string.Concat(Enumerable.Range(1, 5).Select(i => $"p{i}: {Line}\n")));

        using HostRun runner = HostRun.Start("samples/ProcfileRunner", "supervise", "start", "-f", Path.Combine(_dir.FullName, "Procfile"), "-t", "2");
        await runner.WaitForOutputAsync(static o => Regex.Count(o, @"\| ready") == 5);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(0, Posix.Kill(runner.Pid, Posix.SIGTERM));
        int exitCode = await runner.WaitForExitAsync();
        TimeSpan stop = clock.Elapsed;

        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{runner.Output}");
        Assert.InRange(stop, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5));
        Assert.Equal(5, Regex.Count(runner.Output, "did not stop within its stop timeout"));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Supervise_restart_never_with_a_process_that_ends_at_once_and_stdin_from_dev_null_exits_0_after_its_output_20_times_out_of_20()
    {
        // Issue 16: the hand-written watcher subscribed after the start and hung 3 times out of 3 under 20 ms.
        string procfile = Path.Combine(_dir.FullName, "Procfile");
        File.WriteAllText(procfile, "out: seq 10\n");
        string supervise = RepositoryLayout.BuiltDll("samples/ProcfileRunner", "supervise");
        var slowest = TimeSpan.Zero;
        for (int run = 0; run < 20; run++)
        {
            (int exitCode, string output, TimeSpan took) = await RunWithStdinFromDevNullAsync(supervise, "start", "-f", procfile, "--restart", "never");

            Assert.True(exitCode == 0, $"run {run}: exit code {exitCode}; output:\n{output}");
            Assert.Equal(Enumerable.Range(1, 10).Select(i => i.ToString(CultureInfo.InvariantCulture)), Regex.Matches(output, @"out\.1\s+\| (\d+)").Select(m => m.Groups[1].Value));
            slowest = took > slowest ? took : slowest;
        }

        // Only a hang fails here (the runs are timed in docs/reliability.md); a loaded CI machine is slow, not wrong.
        Assert.True(slowest < TimeSpan.FromSeconds(10), $"slowest run took {slowest}");
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Supervise_restart_never_with_a_failing_process_exits_with_its_exit_code_by_itself()
    {
        string procfile = Path.Combine(_dir.FullName, "Procfile");
        File.WriteAllText(procfile, "bad: exit 3\nweb: exec sleep 100\n");

        (int exitCode, string output, _) = await RunWithStdinFromDevNullAsync(RepositoryLayout.BuiltDll("samples/ProcfileRunner", "supervise"), "start", "-f", procfile, "--restart", "never");

        Assert.True(exitCode == 3, $"exit code {exitCode}; output:\n{output}");
    }

    /// <summary>Runs <c>dotnet <paramref name="dll"/></c> as a user's shell would with <c>&lt;/dev/null</c>, until it exits by itself.</summary>
    private static async Task<(int ExitCode, string Output, TimeSpan Took)> RunWithStdinFromDevNullAsync(string dll, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec dotnet \"$@\" </dev/null");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var process = System.Diagnostics.Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        TimeSpan took = watch.Elapsed;
        return (process.ExitCode, await stdout + await stderr, took);
    }
}
