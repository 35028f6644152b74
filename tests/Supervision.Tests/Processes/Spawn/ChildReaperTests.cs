using System.Diagnostics;
using System.IO.Pipes;
using Supervision.Tests.Fakes;

namespace Supervision.Tests.Processes.Spawn;

/// <summary>Reaping spawned children: one thread through pidfds, or the fallback's thread per child; exact statuses, no zombies.</summary>
public sealed class ChildReaperTests
{
    public static TheoryData<string> Reapers => ["pidfd", "thread per child"];

    [Fact]
    public void On_this_kernel_the_shared_reaper_uses_pidfds()
    {
        Assert.IsType<PidfdReaper>(ChildReaper.Shared);
    }

    [Theory(Timeout = TestTimeouts.Test)]
    [MemberData(nameof(Reapers))]
    public async Task Many_children_exiting_at_once_each_get_their_exact_status(string kind)
    {
        ChildReaper reaper = ReaperOf(kind);
        using var gate = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.None);
        var children = new List<(SpawnedProcess Process, int Expected)>();
        for (int i = 0; i < 50; i++)
        {
            // Every one blocks on the same pipe and exits when it is closed: all fifty end together.
            children.Add((Spawn(reaper, $"read -r _; exit {i}", gate), i));
        }

        gate.DisposeLocalCopyOfClientHandle();
        await gate.DisposeAsync();
        int[] statuses = await Task.WhenAll(children.Select(c => c.Process.WaitStatus)).WaitAsync(TestTimeouts.Wait);

        Assert.Equal(children.Select(c => (int?)c.Expected), statuses.Select(SpawnedProcess.ExitCode));
        Assert.All(statuses, s => Assert.Null(SpawnedProcess.TerminatingSignal(s)));
        AssertReaped(children.Select(c => c.Process.Pid));
    }

    [Theory(Timeout = TestTimeouts.Test)]
    [MemberData(nameof(Reapers))]
    public async Task A_child_killed_by_a_signal_reports_that_signal(string kind)
    {
        ChildReaper reaper = ReaperOf(kind);
        SpawnedProcess own = Spawn(reaper, "kill -TERM $$");
        SpawnedProcess killed = Spawn(reaper, "exec sleep 60");
        Assert.True(Signals.Send(killed.Pid, Signals.SIGKILL));

        int ownStatus = await own.WaitStatus.WaitAsync(TestTimeouts.Wait);
        int killedStatus = await killed.WaitStatus.WaitAsync(TestTimeouts.Wait);

        Assert.Equal((null, Signals.SIGTERM), (SpawnedProcess.ExitCode(ownStatus), SpawnedProcess.TerminatingSignal(ownStatus)));
        Assert.Equal((null, Signals.SIGKILL), (SpawnedProcess.ExitCode(killedStatus), SpawnedProcess.TerminatingSignal(killedStatus)));
        AssertReaped([own.Pid, killed.Pid]);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Fifty_running_children_are_reaped_by_one_thread()
    {
        // A fallback thread of an earlier test may still be on its way out: only new ones would count.
        int fallbackThreadsBefore = ThreadNames().Count(IsFallbackReaper);
        using var gate = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.None);
        SpawnedProcess[] children = [.. Enumerable.Range(0, 50).Select(_ => Spawn(ChildReaper.Shared, "read -r _", gate))];

        // One pidfd reaper for the fifty, and no fallback thread for any of them.
        string[] threads = ThreadNames();
        Assert.Single(threads, t => t == "Supervision rea");
        Assert.InRange(threads.Count(IsFallbackReaper), 0, fallbackThreadsBefore);

        gate.DisposeLocalCopyOfClientHandle();
        await gate.DisposeAsync();
        await Task.WhenAll(children.Select(c => c.WaitStatus)).WaitAsync(TestTimeouts.Wait);
        AssertReaped(children.Select(c => c.Pid));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task The_hosts_own_Process_Start_children_are_left_to_the_runtime()
    {
        // The reaper waits for its own children by pid only: a waitpid(-1) would steal this one's status from .NET.
        SpawnedProcess ours = Spawn(ChildReaper.Shared, "exit 3");
        using var theirs = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "exit 7"]))!;

        await theirs.WaitForExitAsync().WaitAsync(TestTimeouts.Wait);
        int status = await ours.WaitStatus.WaitAsync(TestTimeouts.Wait);

        Assert.Equal(7, theirs.ExitCode);
        Assert.Equal(3, SpawnedProcess.ExitCode(status));
    }

    // Thread names as the OS shows them, cut to 15 characters.
    private static string[] ThreadNames() => [.. Directory.GetDirectories("/proc/self/task").Select(static task => ThreadName(task))];

    private static string ThreadName(string task)
    {
        try
        {
            return File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
        }
        catch (IOException)
        {
            return ""; // The thread ended while the list was read.
        }
    }

    private static bool IsFallbackReaper(string thread) => thread.StartsWith("Reaper pid", StringComparison.Ordinal);

    private static ChildReaper ReaperOf(string kind) => kind == "pidfd" ? ChildReaper.Shared : ThreadPerChildReaper.Instance;

    private static SpawnedProcess Spawn(ChildReaper reaper, string script, AnonymousPipeServerStream? stdin = null) =>
        SpawnedProcess.Start("/bin/sh", ["-c", script], [], "/", redirectOutput: false, standardInput: stdin is null ? -1 : (int)stdin.ClientSafePipeHandle.DangerousGetHandle(), reaper: reaper);

    // Reaped: neither alive nor left a zombie (a reused pid would be some other process's, not our zombie).
    private static void AssertReaped(IEnumerable<int> pids)
    {
        List<int> zombies = ProcFs.OurZombies();
        Assert.All(pids, pid => Assert.DoesNotContain(pid, zombies));
    }
}
