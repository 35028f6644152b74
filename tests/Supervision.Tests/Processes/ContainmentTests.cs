using System.Diagnostics;
using System.Globalization;
using Supervision.Tests.Fakes;
using static Supervision.SupervisionEventKind;

namespace Supervision.Tests.Processes;

/// <summary>
/// Issue 14: a stop waits for the child's whole group, not its leader; what escapes the group (its own session, a
/// double fork) is attributed to its run, killed and reaped, after a stop, a restart and a give-up alike.
/// </summary>
public sealed class ContainmentTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_stop_gives_a_script_behind_a_shell_that_does_not_exec_it_its_drain_time()
    {
        // The Procfile case: "web: ./graceful.sh" runs as sh -c; the trailing command keeps any shell from exec-ing the
        // script, so the sh leader dies of SIGTERM at once while the script traps it, drains 1 s and exits 0. The
        // script announces itself once its sleep runs: a signal that reaches a shell's child between its fork and its
        // exec is taken by the shell's trap and lost, and a sleep that never got it would rightly hold the stop until
        // its timeout.
        string directory = Directory.CreateTempSubdirectory("drain").FullName;
        string script = Path.Combine(directory, "graceful.sh");
        string drained = Path.Combine(directory, "drained");
        File.WriteAllText(script, """
            #!/bin/sh
            trap 'echo draining; sleep 1; touch "$1"; exit 0' TERM
            sleep 1000 &
            until grep -qa '^sleep' /proc/$!/cmdline; do :; done
            echo "script $$"
            wait
            """);
        try
        {
            await using var h = new ChildHarness();
            ProcessTypeOptions web = h.AddChild("web", new ProcessTypeOptions { Command = "/bin/sh", Arguments = ["-c", $"/bin/sh '{script}' '{drained}'; exit $?"] });
            web.StopTimeout = TimeSpan.FromSeconds(10);
            await h.StartAsync();
            LogEntry announced = await h.Logs.WaitForAsync(e => e.Message.StartsWith("script ", StringComparison.Ordinal));
            int scriptPid = int.Parse(announced.Message[7..], CultureInfo.InvariantCulture);
            int leader = h.Status("web.1").Pid!.Value;

            var clock = Stopwatch.StartNew();
            await h.StopAsync();
            TimeSpan stop = clock.Elapsed;

            Assert.True(File.Exists(drained), "the script was killed before it drained");
            Assert.InRange(stop, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(9));
            Assert.Equal(ExitReason.Stopped, h.Status("web.1").LastExit!.Value.Reason);
            Assert.DoesNotContain(h.Logs.Entries, e => e.Message.Contains("did not stop", StringComparison.Ordinal));
            Assert.False(ProcFs.IsAlive(scriptPid));
            Assert.Empty(ProcFs.InGroup(leader));
            Assert.Empty(await ProcFs.LingeringZombiesAsync(TimeSpan.FromSeconds(2)));
            TestContext.Current.TestOutputHelper?.WriteLine($"drain 1 s behind sh -c: stop took {stop.TotalMilliseconds:F0} ms");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_leader_that_exits_by_itself_takes_its_group_with_it_at_once()
    {
        // Outside a stop the group does not outlive its leader (systemd KillMode=control-group, Foreman).
        await using var h = new ChildHarness();
        h.AddChild("short", new ProcessTypeOptions { Command = "/bin/sh", Arguments = ["-c", "trap '' TERM; sleep 1000 & echo \"left $!\"; exit 3"], Restart = RestartPolicy.Never });
        await h.StartAsync();

        await h.Events.WaitAsync(Exited, "short.1");

        int left = int.Parse((await h.Logs.WaitForAsync(e => e.Message.StartsWith("left ", StringComparison.Ordinal))).Message[5..], CultureInfo.InvariantCulture);
        Assert.False(ProcFs.IsAlive(left));
        Assert.Empty(await ProcFs.LingeringZombiesAsync(TimeSpan.FromSeconds(2)));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Setsid_children_left_by_every_restart_are_killed_and_none_remains_after_the_give_up()
    {
        // Issue 14: one "sleep" per restart, in a session of its own, survived the give-up (6 of them).
        string marker = Marker();
        await using var h = new ChildHarness();
        h.Options.MaxRestarts = 3;
        h.Options.RestartWindow = TimeSpan.FromMinutes(1);
        ProcessTypeOptions d = h.AddChild("d", new ProcessTypeOptions { Command = "/bin/sh", Arguments = ["-c", $"setsid sleep {marker} & echo \"escaped $!\"; sleep 0.2; exit 1"] });
        d.Backoff.Initial = TimeSpan.FromMilliseconds(20);
        d.Backoff.Jitter = 0;
        await h.StartAsync();

        await h.Events.WaitAsync(GaveUp);

        List<LogEntry> escaped = [.. h.Logs.Entries.Where(e => e.Message.StartsWith("escaped ", StringComparison.Ordinal))];
        Assert.True(escaped.Count >= 4, $"{escaped.Count} runs");
        Assert.Empty(Sleepers(marker));
        Assert.Empty(await ProcFs.LingeringZombiesAsync(TimeSpan.FromSeconds(2)));
        TestContext.Current.TestOutputHelper?.WriteLine($"{escaped.Count} runs each left a setsid sleep: {Sleepers(marker).Count} remain after the give-up");
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_double_forked_daemon_does_not_survive_a_stop_and_is_reaped()
    {
        string marker = Marker();
        await using var h = new ChildHarness();
        h.AddChild("daemonizer", new ProcessTypeOptions
        {
            Command = "/bin/sh",
            // The middle shell starts the daemon in a session of its own and exits: the daemon is an orphan at once.
            Arguments = ["-c", $"sh -c 'setsid sleep {marker} & echo \"daemon $!\"'; echo ready; exec sleep 1000"],
        });
        await h.StartAsync();
        await h.WaitForLineAsync("daemonizer", "ready");
        int daemon = int.Parse((await h.Logs.WaitForAsync(e => e.Message.StartsWith("daemon ", StringComparison.Ordinal))).Message[7..], CultureInfo.InvariantCulture);
        Assert.True(ProcFs.IsAlive(daemon));
        Assert.NotEqual(h.Status("daemonizer.1").Pid, ProcFs.Parent(daemon));

        await h.StopAsync();

        Assert.False(ProcFs.IsAlive(daemon), "the daemon survived the stop");
        Assert.Empty(Sleepers(marker));
        Assert.Null(ProcFs.State(daemon));
        Assert.Empty(await ProcFs.LingeringZombiesAsync(TimeSpan.FromSeconds(2)));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_leader_that_starts_setsid_children_while_it_stops_leaves_none_behind()
    {
        // Issue 14: such a leader exited 0 within its stop timeout and left its last children running (39 of them).
        string marker = Marker();
        await using var h = new ChildHarness();
        h.AddChild("spawner", new ProcessTypeOptions
        {
            Command = "/bin/sh",
            Arguments = ["-c", $"trap 'i=0; while [ $i -lt 20 ]; do setsid sleep {marker} & i=$((i+1)); done; exit 0' TERM; echo ready; while :; do sleep 0.1; done"],
        });
        await h.StartAsync();
        await h.WaitForLineAsync("spawner", "ready");

        await h.StopAsync();

        Assert.Equal(ExitReason.Stopped, h.Status("spawner.1").LastExit!.Value.Reason);
        Assert.Empty(Sleepers(marker));
        Assert.Empty(await ProcFs.LingeringZombiesAsync(TimeSpan.FromSeconds(2)));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task An_orphan_that_dies_before_anyone_sees_it_is_reaped_while_its_run_goes_on()
    {
        // The host is the orphan's new parent, nobody else will reap it, and nothing marks it as the run's any more: a
        // zombie nobody claims for a second is reaped (SIGCHLD-driven), so orphans do not pile up in a long-lived host.
        await using var h = new ChildHarness();
        h.AddChild("quick", new ProcessTypeOptions
        {
            Command = "/bin/sh",
            Arguments = ["-c", "sh -c 'setsid sh -c \"exit 0\" & echo \"orphan $!\"'; echo ready; exec sleep 1000"],
        });
        await h.StartAsync();
        await h.WaitForLineAsync("quick", "ready");
        int orphan = int.Parse((await h.Logs.WaitForAsync(e => e.Message.StartsWith("orphan ", StringComparison.Ordinal))).Message[7..], CultureInfo.InvariantCulture);

        var clock = Stopwatch.StartNew();
        while (ProcFs.State(orphan) is not null && ProcFs.Parent(orphan) == Environment.ProcessId && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }

        Assert.False(ProcFs.State(orphan) == 'Z' && ProcFs.Parent(orphan) == Environment.ProcessId, $"orphan {orphan} is still a zombie of the host after {clock.Elapsed}");
        Assert.Equal(InstanceState.Running, h.Status("quick.1").State);
        TestContext.Current.TestOutputHelper?.WriteLine($"unclaimed zombie reaped {clock.ElapsedMilliseconds} ms after the run said ready");
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_restart_kills_what_the_previous_run_left_outside_its_group()
    {
        string marker = Marker();
        await using var h = new ChildHarness();
        h.AddChild("again", new ProcessTypeOptions { Command = "/bin/sh", Arguments = ["-c", $"setsid sleep {marker} & echo \"escaped $!\"; echo ready; exec sleep 1000"] });
        await h.StartAsync();
        await h.WaitForLineAsync("again", "ready");
        int first = int.Parse((await h.Logs.WaitForAsync(e => e.Message.StartsWith("escaped ", StringComparison.Ordinal))).Message[8..], CultureInfo.InvariantCulture);

        await h.Supervisor.RestartAsync("again").WaitAsync(TestTimeouts.Wait);
        await h.Logs.WaitForAsync(e => e.Message == "ready", 2);
        int second = int.Parse((await h.Logs.WaitForAsync(e => e.Message.StartsWith("escaped ", StringComparison.Ordinal), 2))[1].Message[8..], CultureInfo.InvariantCulture);

        Assert.False(ProcFs.IsAlive(first), "the first run's escaped child survived the restart");
        Assert.True(ProcFs.IsAlive(second), "the second run's own child was killed");
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_writer_out_of_reach_still_holding_the_output_pipe_does_not_make_a_clean_stop_look_timed_out()
    {
        // A process that dropped the run's mark (env -i) and left its session before the stop cannot be told from
        // anyone else's; it still holds the run's stdout. The stop must not wait for the pipe past the group's end.
        string marker = Marker();
        await using var h = new ChildHarness();
        ProcessTypeOptions holder = h.AddChild("holder", new ProcessTypeOptions
        {
            Command = "/bin/sh",
            Arguments = ["-c", $"sh -c 'env -i /usr/bin/setsid /bin/sleep {marker} &'; echo ready; exec sleep 1000"],
        });
        holder.StopTimeout = TimeSpan.FromSeconds(1);
        await h.StartAsync();
        await h.WaitForLineAsync("holder", "ready");
        try
        {
            var clock = Stopwatch.StartNew();
            await h.StopAsync();

            Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromMilliseconds(900));
            Assert.Equal(ExitReason.Stopped, h.Status("holder.1").LastExit!.Value.Reason);
            Assert.DoesNotContain(h.Logs.Entries, e => e.Message.Contains("did not stop", StringComparison.Ordinal));
        }
        finally
        {
            foreach (int pid in Sleepers(marker))
            {
                Signals.Send(pid, Signals.SIGKILL);
            }
        }
    }

    // The live "sleep MARKER" processes (their parent shell's command line holds the marker too, until it execs).
    private static List<int> Sleepers(string marker) => ProcFs.WithCommandLine("sleep\0" + marker + "\0");

    // A sleep duration no other test uses: its command line tells this test's processes from everyone else's.
    private static string Marker() => "1000." + Random.Shared.Next(1, int.MaxValue).ToString(CultureInfo.InvariantCulture);
}
