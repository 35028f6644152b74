using System.Diagnostics;
using Supervision.Tests.Fakes;
using static Supervision.SupervisionEventKind;

namespace Supervision.Tests.Processes;

/// <summary>Real child processes under the supervisor: restarts, exit codes, signals, groups, environment.</summary>
public sealed class ChildProcessTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_crashing_child_is_restarted_with_backoff_and_its_status_shows_pid_restarts_and_exit_code()
    {
        await using var h = new ChildHarness();
        h.AddChild("crash", TestChild.Options("exit", "3"));
        await h.StartAsync();

        SupervisionEvent exited = await h.Events.WaitAsync(Exited, "crash.1");
        Assert.Equal(new ProcessExit(ExitReason.Failed, ExitCode: 3), exited.Exit);
        SupervisionEvent backoff = await h.Events.WaitAsync(Backoff, "crash.1");
        Assert.Equal(TimeSpan.FromMilliseconds(50), backoff.Delay);
        await h.Events.WaitAsync(Started, "crash.1", count: 2);
        await h.Events.WaitAsync(Exited, "crash.1", count: 2);
        Assert.Equal(TimeSpan.FromMilliseconds(100), (await h.Events.WaitAsync(Backoff, "crash.1", count: 2)).Delay);

        ProcessInstanceStatus status = h.Status("crash.1");
        Assert.True(status.Restarts >= 1);
        Assert.Equal(3, status.LastExit!.Value.ExitCode);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_running_child_shows_its_pid_in_the_status()
    {
        await using var h = new ChildHarness();
        h.AddChild("sleeper", TestChild.Options("sleep"));
        await h.StartAsync();
        await h.WaitForLineAsync("sleeper", "ready");

        int pid = h.Status("sleeper.1").Pid!.Value;
        Assert.True(ProcFs.IsAlive(pid));
        Assert.Equal(pid, ((OutputScope)(await h.WaitForLineAsync("sleeper", "ready")).Scope!)[3].Value);
        await h.StopAsync();

        Assert.False(ProcFs.IsAlive(pid));
        Assert.Equal(ExitReason.Stopped, h.Status("sleeper.1").LastExit!.Value.Reason);
        Assert.Contains(h.Logs.Entries, e => e.Message == "stopping");
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_child_killed_by_a_signal_reports_the_signal()
    {
        await using var h = new ChildHarness();
        h.AddChild("doomed", TestChild.Options("signal", "9")).Restart = RestartPolicy.Never;
        await h.StartAsync();

        SupervisionEvent exited = await h.Events.WaitAsync(Exited, "doomed.1");

        Assert.Equal(new ProcessExit(ExitReason.Failed, Signal: 9), exited.Exit);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task OnFailure_child_that_exits_0_is_not_restarted()
    {
        await using var h = new ChildHarness();
        h.AddChild("once", TestChild.Options("exit", "0")).Restart = RestartPolicy.OnFailure;
        await h.StartAsync();

        SupervisionEvent exited = await h.Events.WaitAsync(Exited, "once.1");
        await h.StopAsync();

        Assert.Equal(ExitReason.Completed, exited.Exit!.Value.Reason);
        Assert.Empty(h.Events.Of(Backoff));
        Assert.Equal(InstanceState.Exited, h.Status("once.1").State);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_child_ignoring_SIGTERM_is_SIGKILLed_after_its_stop_timeout()
    {
        await using var h = new ChildHarness();
        h.AddChild("stubborn", TestChild.Options("ignore-term")).StopTimeout = TimeSpan.FromMilliseconds(500);
        await h.StartAsync();
        await h.WaitForLineAsync("stubborn", "ready");
        int pid = h.Status("stubborn.1").Pid!.Value;

        var clock = Stopwatch.StartNew();
        await h.StopAsync();

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(10));
        Assert.False(ProcFs.IsAlive(pid));
        Assert.Equal(ExitReason.StopTimedOut, h.Status("stubborn.1").LastExit!.Value.Reason);
        Assert.Empty(await ProcFs.LingeringZombiesAsync(TimeSpan.FromSeconds(2)));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task After_a_stop_no_grandchild_remains_even_one_that_left_the_process_group()
    {
        await using var h = new ChildHarness();
        h.AddChild("family", TestChild.Options("grandchildren", "3"));
        h.AddChild("escapee", TestChild.Options("grandchildren", "2", "detach"));
        await h.StartAsync();
        // The grandchildren share their parent's stdout: their own "ready" lines come in the same log.
        IReadOnlyList<LogEntry> announced = await h.Logs.WaitForAsync(e => e.Message.StartsWith("grandchild ", StringComparison.Ordinal), 5);
        await h.Logs.WaitForAsync(e => e.Message == "ready", 7);
        int[] grandchildren = [.. announced.Select(e => int.Parse(e.Message[11..], System.Globalization.CultureInfo.InvariantCulture))];
        Assert.All(grandchildren, pid => Assert.True(ProcFs.IsAlive(pid)));

        await h.StopAsync();

        // Killed by the stop (a sleeping grandchild would outlive this wait by far had it not been).
        foreach (int pid in grandchildren)
        {
            Assert.True(await ProcFs.IsGoneWithinAsync(pid, TimeSpan.FromSeconds(2)), $"grandchild {pid} survived the stop");
        }
        Assert.Empty(await ProcFs.LingeringZombiesAsync(TimeSpan.FromSeconds(2)));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Instances_stopped_together_leave_no_grandchild_even_ones_that_left_their_groups()
    {
        // Several instances of a type stop in one burst: their descendants are walked together before the signals.
        await using var h = new ChildHarness();
        h.AddChild("escapees", TestChild.Options("grandchildren", "2", "detach")).Count = 4;
        await h.StartAsync();
        IReadOnlyList<LogEntry> announced = await h.Logs.WaitForAsync(e => e.Message.StartsWith("grandchild ", StringComparison.Ordinal), 8);
        await h.Logs.WaitForAsync(e => e.Message == "ready", 12);
        int[] grandchildren = [.. announced.Select(e => int.Parse(e.Message[11..], System.Globalization.CultureInfo.InvariantCulture))];

        await h.StopAsync();

        // Killed by the stop (a sleeping grandchild would outlive this wait by far had it not been).
        foreach (int pid in grandchildren)
        {
            Assert.True(await ProcFs.IsGoneWithinAsync(pid, TimeSpan.FromSeconds(2)), $"grandchild {pid} survived the stop");
        }
        Assert.Empty(await ProcFs.LingeringZombiesAsync(TimeSpan.FromSeconds(2)));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Each_instance_gets_its_PORT_PS_and_the_configured_environment()
    {
        // The engine gives instance N the type's port + N - 1; the Foreman rule that picks the type's port is the hosting layer's.
        await using var h = new ChildHarness();
        ProcessTypeOptions web = h.AddChild("web", TestChild.Options("env", "PORT", "PS", "GREETING", "HOME"));
        web.Count = 2;
        web.Port = 5100;
        web.Environment["GREETING"] = "hello world";
        await h.StartAsync();

        // Each instance prints its variables, then "ready": once both are ready, every line is in.
        await h.Logs.WaitForAsync(e => e.Message == "ready" && ((OutputScope)e.Scope!)[2].Value is "web.1");
        await h.Logs.WaitForAsync(e => e.Message == "ready" && ((OutputScope)e.Scope!)[2].Value is "web.2");
        string[] Lines(string instance) => [.. h.Logs.Entries.Where(e => e.Scope is OutputScope scope && scope[2].Value as string == instance).Select(e => e.Message)];
        string home = "HOME=" + Environment.GetEnvironmentVariable("HOME");
        Assert.Equal(["PORT=5100", "PS=web.1", "GREETING=hello world", home, "ready"], Lines("web.1"));
        Assert.Equal(["PORT=5101", "PS=web.2", "GREETING=hello world", home, "ready"], Lines("web.2"));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_type_without_a_port_gives_its_instances_no_PORT()
    {
        await using var h = new ChildHarness();
        h.AddChild("web", TestChild.Options("env", "PORT"));
        await h.StartAsync();

        await h.WaitForLineAsync("web", "PORT=");
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Arguments_with_shell_metacharacters_reach_the_child_verbatim()
    {
        // A path of this run's own: a file left by another run (or made by one that broke) proves nothing here.
        DirectoryInfo scratch = Directory.CreateTempSubdirectory("supervision-injected-");
        string injected = Path.Combine(scratch.FullName, "injected");
        string[] tricky = [$"$(touch {injected})", "a;b", "*", "'single'", "\"double\"", "back\\slash", "with space", "`id`", "$HOME", ""];
        await using var h = new ChildHarness();
        h.AddChild("echo", TestChild.Options(["args", .. tricky])).Restart = RestartPolicy.Never;
        await h.StartAsync();

        await h.Events.WaitAsync(Exited, "echo.1");

        string[] received = [.. h.Logs.Entries.Where(e => e.Category == "Supervision.echo").Select(e => e.Message)];
        Assert.Equal(tricky.Select(a => $"<{a}>"), received);
        Assert.False(File.Exists(injected));
        scratch.Delete(recursive: true);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_missing_executable_is_a_start_failure_naming_it_that_backs_off()
    {
        await using var h = new ChildHarness();
        h.AddChild("ghost", new ProcessTypeOptions { Command = "no-such-program-anywhere" });
        await h.StartAsync();

        SupervisionEvent exited = await h.Events.WaitAsync(Exited, "ghost.1");
        Assert.Equal(ExitReason.StartFailed, exited.Exit!.Value.Reason);
        Assert.Contains("'no-such-program-anywhere' was not found on PATH", exited.Exit.Value.Exception!.Message, StringComparison.Ordinal);
        await h.Events.WaitAsync(Backoff, "ghost.1");
        await h.Events.WaitAsync(Exited, "ghost.1", count: 2);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_non_executable_command_and_a_bad_working_directory_are_start_failures_naming_them()
    {
        string file = Path.GetTempFileName();
        await using var h = new ChildHarness();
        // Never: a type that cannot start holds the types after it (they start once it is ready); this one ends for good.
        h.AddChild("noexec", new ProcessTypeOptions { Command = file, Restart = RestartPolicy.Never });
        h.AddChild("nowhere", new ProcessTypeOptions { Command = "true", WorkingDirectory = "/no/such/dir" });
        await h.StartAsync();

        Assert.Contains($"is not executable ({file})", (await h.Events.WaitAsync(Exited, "noexec.1")).Exit!.Value.Exception!.Message, StringComparison.Ordinal);
        Assert.Contains("'/no/such/dir'", (await h.Events.WaitAsync(Exited, "nowhere.1")).Exit!.Value.Exception!.Message, StringComparison.Ordinal);
        File.Delete(file);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task The_partial_last_line_is_flushed_when_the_child_exits()
    {
        await using var h = new ChildHarness();
        h.AddChild("tail", TestChild.Options("partial", "no newline at the end")).Restart = RestartPolicy.Never;
        await h.StartAsync();

        await h.Events.WaitAsync(Exited, "tail.1");

        Assert.Contains(h.Logs.Entries, e => e.Category == "Supervision.tail" && e.Message == "no newline at the end");
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Stderr_lines_are_logged_at_warning()
    {
        await using var h = new ChildHarness();
        h.AddChild("bad", TestChild.Options("unknown-mode")).Restart = RestartPolicy.Never;
        await h.StartAsync();

        LogEntry entry = await h.WaitForLineAsync("bad", "unknown mode 'unknown-mode'");

        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, entry.Level);
        Assert.Equal(2, (await h.Events.WaitAsync(Exited, "bad.1")).Exit!.Value.ExitCode);
    }
}
