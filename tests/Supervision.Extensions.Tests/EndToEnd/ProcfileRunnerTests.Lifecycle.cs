using System.Globalization;
using System.Text.RegularExpressions;
using Supervision.Tests.Fakes;

namespace Supervision.Extensions.Tests.EndToEnd;

/// <summary>`supervise` giving up, its restart limits from arguments and the environment, and SIGHUP.</summary>
public sealed partial class ProcfileRunnerTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Supervise_gives_up_after_more_restarts_than_max_restarts_and_exits_1()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "Procfile"), "crash: exit 3\n");

        using HostProcess runner = HostProcess.Start("samples/ProcfileRunner", "supervise", "start", "-f", Path.Combine(_dir.FullName, "Procfile"), "--max-restarts", "1");
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

        using HostProcess runner = HostProcess.Start(
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

        using HostProcess runner = HostProcess.Start(
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

        using HostProcess runner = HostProcess.Start("samples/ProcfileRunner", "supervise", "start", "-f", Path.Combine(_dir.FullName, "Procfile"));
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

        using HostProcess runner = HostProcess.Start("samples/ProcfileRunner", "supervise", "start", "-f", Path.Combine(_dir.FullName, "Procfile"), "-t", "2");
        await runner.WaitForOutputAsync(static o => Regex.Count(o, @"\| ready") == 5);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(0, Posix.Kill(runner.Pid, Posix.SIGTERM));
        int exitCode = await runner.WaitForExitAsync();
        TimeSpan stop = clock.Elapsed;

        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{runner.Output}");
        Assert.InRange(stop, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5));
        Assert.Equal(5, Regex.Count(runner.Output, "did not stop within its stop timeout"));
    }
}
