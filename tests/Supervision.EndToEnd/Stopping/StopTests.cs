using Supervision.EndToEnd.Fakes;

namespace Supervision.EndToEnd.Stopping;

/// <summary>R1–R3: a stop ends within its timeouts and leaves nothing behind, whatever the workers do.</summary>
public sealed class StopTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task R1_a_worker_that_never_observes_cancellation_is_abandoned_by_name_and_the_host_exits_within_ShutdownTimeout()
    {
        using HostRun host = HostRun.TestHost(
            "--Supervision:Only=sleeper,stubborn",
            "--Supervision:ProcessTypes:stubborn:StopTimeout=00:00:01",
            "--shutdownTimeoutSeconds=5");
        await host.WaitForLineAsync("Application started");

        (int exitCode, TimeSpan stop) = await host.SignalAndWaitForExitAsync(Posix.SIGTERM);

        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{host.Output}");
        Assert.Contains("stubborn.1 did not stop within its stop timeout of 00:00:01", host.Output, StringComparison.Ordinal);
        Assert.InRange(stop, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        Figures.Report("R1", $"StopTimeout 1 s, ShutdownTimeout 5 s: SIGTERM to host exit {Figures.Ms(stop)}");
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task R2_a_child_that_ignores_SIGTERM_is_SIGKILLed_after_its_StopTimeout()
    {
        using HostRun host = HostRun.TestHost([
            "--Supervision:Only=deaf",
            "--Supervision:ProcessTypes:deaf:StopTimeout=00:00:01",
            .. Repository.ChildType("deaf", "ignore-term")]);
        await host.WaitForLineAsync("Application started");
        await host.WaitForLineAsync("ready");
        int child = ChildPid(host, "deaf.1");

        TimeSpan signalled = host.Clock.Elapsed;
        host.Signal(Posix.SIGTERM);
        Assert.True(await Posix.WaitForExitAsync(child, TestTimeouts.Wait), "the child outlived the stop");
        TimeSpan childGone = host.Clock.Elapsed - signalled;
        int exitCode = await host.WaitForExitAsync();
        TimeSpan hostGone = host.Clock.Elapsed - signalled;

        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{host.Output}");
        Assert.Contains("deaf.1 did not stop within its stop timeout", host.Output, StringComparison.Ordinal);
        // Never before the timeout; after it, within what a loaded 2-core CI box allows (1.03 s when quiet, up to
        // 1.8 s measured with every test project and two benchmark runs sharing the cores).
        Assert.InRange(childGone, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(1_000 + 1_000));
        Assert.InRange(hostGone, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(1_000 + 1_500));
        Figures.Report("R2", $"StopTimeout 1 s: SIGTERM to child SIGKILLed {Figures.Ms(childGone)}, to host exit {Figures.Ms(hostGone)}");
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task R3_nothing_of_a_childs_group_survives_a_stop_not_even_a_sh_chain_or_a_double_forked_daemon()
    {
        // The leader is a shell: a plain background grandchild, a sh -c chain, and a double fork whose middle
        // process exits at once (the daemon is re-parented, still in the group); all of them ignore SIGTERM.
        const string Script = """
            trap '' TERM
            sleep 1000 & echo "plain $!"
            sh -c 'sh -c "sleep 1001" & echo "chain $!"; wait' &
            ( sleep 1002 & echo "daemon $!" ) &
            wait
            """;
        using HostRun host = HostRun.TestHost([
            "--Supervision:Only=tree,dotnettree",
            "--Supervision:ProcessTypes:tree:StopTimeout=00:00:01",
            "--Supervision:ProcessTypes:dotnettree:StopTimeout=00:00:01",
            .. Repository.Child("tree", "/bin/sh", "-c", Script),
            .. Repository.ChildType("dotnettree", "grandchildren", "2")]);
        await host.WaitForLineAsync("Application started");
        await host.WaitForLineAsync("daemon ");
        await host.WaitForLineAsync("chain ");
        await host.WaitForLineAsync("plain ");
        await host.WaitForLineAsync(l => l.Contains("grandchild ", StringComparison.Ordinal));
        int second = host.Lines().FindIndex(l => l.Text.Contains("grandchild ", StringComparison.Ordinal)) + 1;
        await host.WaitForLineAsync("grandchild ", second);
        int tree = ChildPid(host, "tree.1");
        int dotnetTree = ChildPid(host, "dotnettree.1");

        // Every process of both groups, daemon included, as /proc sees them before the stop.
        List<int> members = [.. ProcFs.InGroup(tree), .. ProcFs.InGroup(dotnetTree)];
        int daemon = Number(host, "daemon ");
        Assert.NotEqual(tree, ProcFs.Stat(daemon)!.Value.Parent);
        int[] reported = [daemon, Number(host, "plain "), Number(host, "chain "), .. host.Lines().Where(l => l.Text.Contains("grandchild ", StringComparison.Ordinal)).Select(l => int.Parse(l.Text[(l.Text.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture))];
        Assert.Equal(5, reported.Length);
        Assert.All(reported, pid => Assert.Contains(pid, members));

        host.Signal(Posix.SIGTERM);
        int exitCode = await host.WaitForExitAsync();

        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{host.Output}");
        foreach (int pid in members)
        {
            Assert.True(await Posix.WaitForExitAsync(pid, TimeSpan.FromSeconds(5)), $"process {pid} survived the stop");
        }

        Assert.Empty(ProcFs.InGroup(tree));
        Assert.Empty(ProcFs.InGroup(dotnetTree));
        Figures.Report("R3", $"{members.Count} processes in 2 groups (sh chain, double-forked daemon, dotnet grandchildren), all ignoring SIGTERM: 0 left after the stop");
    }

    /// <summary>The pid of <paramref name="instance"/>, once the host reported it started.</summary>
    internal static int ChildPid(HostRun host, string instance)
    {
        string marker = $"Started {instance}";
        _ = host.Lines().First(l => l.Text.Contains(marker, StringComparison.Ordinal));
        return PidOf(host, instance);
    }

    /// <summary>
    /// The live child of <paramref name="host"/> whose environment holds PS=<paramref name="instance"/> (tests run in
    /// parallel, and other hosts may run an instance of the same name).
    /// </summary>
    internal static int PidOf(HostRun host, string instance)
    {
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out int pid) && ProcFs.IsAlive(pid))
            {
                try
                {
                    string environment = File.ReadAllText(Path.Combine(dir, "environ"));
                    if (environment.Split('\0').Contains("PS=" + instance) && ProcFs.Stat(pid) is { } stat && stat.Group == pid && stat.Parent == host.Pid)
                    {
                        return pid;
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }
        }

        throw new InvalidOperationException($"no process of instance {instance}");
    }

    internal static int Number(HostRun host, string prefix)
    {
        string text = host.Lines().Select(l => l.Text).First(l => l.Contains(prefix, StringComparison.Ordinal));
        return int.Parse(text[(text.IndexOf(prefix, StringComparison.Ordinal) + prefix.Length)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
