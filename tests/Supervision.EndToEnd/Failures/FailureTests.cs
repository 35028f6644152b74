using System.Text.RegularExpressions;
using Supervision.EndToEnd.Fakes;

namespace Supervision.EndToEnd.Failures;

/// <summary>R4, R6: failures that never end make the tree give up in the time the backoff formula says, and say why once per attempt.</summary>
public sealed partial class FailureTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task R4_a_command_that_disappears_fails_each_start_with_one_clear_line_then_backs_off_and_escalates()
    {
        // Valid at the start; the script waits until it has been deleted, then fails: every restart finds it missing.
        string script = Path.Combine(Path.GetTempPath(), $"reliability-r4-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\necho ready\nwhile [ -e \"$0\" ]; do sleep 0.05; done\nexit 3\n", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using HostRun host = HostRun.TestHost([
            "--Supervision:Only=vanishing",
            "--Supervision:MaxRestarts=3",
            "--Supervision:ProcessTypes:vanishing:Backoff:Initial=00:00:00.05",
            "--Supervision:ProcessTypes:vanishing:Backoff:Jitter=0",
            .. Repository.Child("vanishing", script)]);
        await host.WaitForLineAsync("Application started");
        await host.WaitForLineAsync("ready");

        File.Delete(script);
        int exitCode = await host.WaitForExitAsync();

        string output = host.Output;
        Assert.True(exitCode != 0, "exit code 0; output:\n" + output);
        Assert.Contains("Supervision gave up", output, StringComparison.Ordinal);

        // Three restarts were allowed, each failing to start; the fourth failure escalated.
        List<string> startFailures = [.. host.Lines().Select(l => l.Text).Where(l => l.Contains("vanishing.1 failed: StartFailed", StringComparison.Ordinal))];
        Assert.Equal(3, startFailures.Count);
        Assert.All(startFailures, l => Assert.Contains($"The command '{script}' does not exist", l, StringComparison.Ordinal));
        Assert.Equal(3, Regex.Count(output, "Restarting vanishing.1 in"));

        // One line per attempt: no stack trace anywhere in the log.
        Assert.DoesNotMatch(StackFrame(), output);
        Figures.Report("R4", $"3 start failures, 3 log lines naming {Path.GetFileName(script)}, {output.Split('\n').Length} lines in all, 0 stack frames; exit code {exitCode}");
    }

    [Theory(Timeout = TestTimeouts.Test)]
    [InlineData(3)]
    [InlineData(5)]
    public async Task R6_a_permanently_failing_worker_makes_the_host_exit_non_zero_in_the_time_the_backoff_formula_gives(int maxRestarts)
    {
        // Delay before restart n = Initial·Multiplier^(n−1), no jitter: the tree gives up at the failure after restart maxRestarts.
        TimeSpan initial = TimeSpan.FromMilliseconds(50);
        TimeSpan expected = TimeSpan.FromTicks(Enumerable.Range(1, maxRestarts).Sum(n => initial.Ticks << (n - 1)));
        using HostRun host = HostRun.TestHost(
            "--Supervision:Only=crasher",
            $"--Supervision:MaxRestarts={maxRestarts}",
            "--Supervision:ProcessTypes:crasher:Backoff:Jitter=0");

        int exitCode = await host.WaitForExitAsync();
        TimeSpan exited = host.Clock.Elapsed;

        Assert.True(exitCode == 1, $"exit code {exitCode}; output:\n{host.Output}");
        HostRun.Line[] failures = [.. host.Lines().Where(l => l.Text.Contains("crasher.1 failed", StringComparison.Ordinal))];
        HostRun.Line firstFailure = failures[0];
        HostRun.Line gaveUp = host.Lines().First(l => l.Text.Contains("Supervision gave up", StringComparison.Ordinal));

        // A delay counts from the run's end, a moment before the loop logs the failure; for a cold host's first
        // failure that moment can be tens of milliseconds (first console write). From the second failure on, the
        // path is warm: the log times then follow the formula's delays 2..n.
        TimeSpan toGiveUp = gaveUp.Logged - failures[1].Logged;
        expected -= initial;
        TimeSpan toExit = exited - firstFailure.At;
        Assert.Equal(maxRestarts, Regex.Count(host.Output, "Restarting crasher.1 in"));

        // Log times have millisecond resolution; timers never fire early.
        Assert.InRange(toGiveUp, expected - TimeSpan.FromMilliseconds(10), expected + TimeSpan.FromMilliseconds(500));
        Assert.InRange(toExit, TimeSpan.Zero, expected + TimeSpan.FromSeconds(2));
        Figures.Report("R6", $"MaxRestarts {maxRestarts}, Initial 50 ms ×2, no jitter: formula from the second failure {Figures.Ms(expected)}, second failure to give-up {Figures.Ms(toGiveUp)}, first failure to host exit {Figures.Ms(toExit)} (exit code {exitCode})");
    }

    [GeneratedRegex(@"\bat [\w.`<>|]+\(")]
    private static partial Regex StackFrame();
}
