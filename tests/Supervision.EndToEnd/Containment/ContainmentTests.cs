using System.Globalization;
using Supervision.EndToEnd.Fakes;
using Supervision.EndToEnd.Stopping;

namespace Supervision.EndToEnd.Containment;

/// <summary>R14–R16 (issue 14): a stop waits for the group, not the leader; nothing a child started survives its host.</summary>
public sealed class ContainmentTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task R14_a_Procfile_line_without_exec_gets_its_drain_time_on_SIGTERM()
    {
        // graceful.sh traps TERM, drains 1 s, touches a file, exits 0; the sh -c leader in front of it dies at once.
        string directory = Directory.CreateTempSubdirectory("r14").FullName;
        string script = Path.Combine(directory, "graceful.sh");
        string drained = Path.Combine(directory, "drained");
        File.WriteAllText(script, """
            trap 'echo draining; sleep 1; touch "$1"; echo drained; exit 0' TERM
            sleep 1000 &
            until grep -qa '^sleep' /proc/$!/cmdline; do :; done
            echo "script $$"
            wait
            """);
        try
        {
            using HostRun host = HostRun.TestHost([
                "--Supervision:Only=web",
                "--Supervision:ProcessTypes:web:StopTimeout=00:00:10",
                "--shutdownTimeoutSeconds=15",
                .. Repository.Child("web", "/bin/sh", "-c", $"/bin/sh '{script}' '{drained}'; exit $?")]);
            await host.WaitForLineAsync("Application started");
            await host.WaitForLineAsync("script ");
            int leader = StopTests.ChildPid(host, "web.1");
            List<int> members = ProcFs.InGroup(leader);

            (int exitCode, TimeSpan stop) = await host.SignalAndWaitForExitAsync(Posix.SIGTERM);

            Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{host.Output}");
            Assert.True(File.Exists(drained), $"the script did not drain; output:\n{host.Output}");
            Assert.DoesNotContain("did not stop", host.Output, StringComparison.Ordinal);
            Assert.InRange(stop, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
            Assert.Empty(ProcFs.InGroup(leader));
            Assert.All(members, pid => Assert.False(ProcFs.IsAlive(pid)));
            Figures.Report("R14", $"sh -c leader + script draining 1 s on TERM, StopTimeout 10 s: SIGTERM to host exit {Figures.Ms(stop)}, drained, {ProcFs.InGroup(leader).Count} of {members.Count} left");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task R15_setsid_children_of_every_restart_are_gone_after_the_host_gives_up()
    {
        string marker = Marker();
        using HostRun host = HostRun.TestHost([
            "--Supervision:Only=d",
            "--Supervision:MaxRestarts=4",
            "--Supervision:RestartWindow=00:01:00",
            "--Supervision:ProcessTypes:d:Backoff:Initial=00:00:00.02",
            "--Supervision:ProcessTypes:d:Backoff:Jitter=0",
            .. Repository.Child("d", "/bin/sh", "-c", $"setsid sleep {marker} & echo \"escaped $!\"; sleep 0.2; exit 1")]);

        int exitCode = await host.WaitForExitAsync();

        int runs = host.Lines().Count(l => l.Text.Contains("escaped ", StringComparison.Ordinal));
        List<int> left = ProcFs.WithMarker(marker);
        foreach (int pid in left)
        {
            _ = Posix.Kill(pid, Posix.SIGKILL);
        }

        Assert.True(exitCode != 0, $"exit code {exitCode}; output:\n{host.Output}");
        Assert.True(runs >= 5, $"{runs} runs; output:\n{host.Output}");
        Assert.Empty(left);
        Figures.Report("R15", $"sh -c 'setsid sleep & …; exit 1', MaxRestarts 4: {runs} runs, each leaving a setsid sleep; {left.Count} left after the give-up");
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task R16_a_double_forked_daemon_survives_neither_a_stop_nor_a_SIGKILL_of_the_host()
    {
        string stopped = Marker();
        string killed = Marker();
        using (HostRun host = HostRun.TestHost([
            "--Supervision:Only=daemonizer",
            .. Repository.Child("daemonizer", "/bin/sh", "-c", $"sh -c 'setsid sleep {stopped} & echo \"daemon $!\"'; echo ready; exec sleep 1000")]))
        {
            await host.WaitForLineAsync("ready");
            int daemon = StopTests.Number(host, "daemon ");
            Assert.True(ProcFs.IsAlive(daemon));

            Assert.Equal(0, (await host.SignalAndWaitForExitAsync(Posix.SIGTERM)).ExitCode);

            Assert.True(await Posix.WaitForExitAsync(daemon, TimeSpan.FromSeconds(1)), "the daemon survived the stop");
        }

        using HostRun doomed = HostRun.TestHost([
            "--Supervision:Only=daemonizer",
            .. Repository.Child("daemonizer", "/bin/sh", "-c", $"sh -c 'setsid sleep {killed} & echo \"daemon $!\"'; echo ready; exec sleep 1000")]);
        await doomed.WaitForLineAsync("ready");
        int orphan = StopTests.Number(doomed, "daemon ");
        try
        {
            doomed.Signal(Posix.SIGKILL);
            TimeSpan signalled = doomed.Clock.Elapsed;
            bool gone = await Posix.WaitForExitAsync(orphan, TimeSpan.FromSeconds(2));
            TimeSpan took = doomed.Clock.Elapsed - signalled;

            Assert.True(gone, "the daemon outlived the SIGKILLed host by more than 2 s");
            Assert.Empty(ProcFs.WithMarker(stopped));
            Assert.Empty(ProcFs.WithMarker(killed));
            Figures.Report("R16", $"double-forked daemon (setsid, parent exited): gone after a stop; after a SIGKILL of the host gone {Figures.Ms(took)} later");
        }
        finally
        {
            _ = Posix.Kill(orphan, Posix.SIGKILL);
        }
    }

    private static string Marker() => "1000." + Random.Shared.Next(1, int.MaxValue).ToString(CultureInfo.InvariantCulture);
}
