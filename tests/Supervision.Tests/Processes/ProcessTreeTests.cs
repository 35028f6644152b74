using Supervision.Tests.Fakes;

namespace Supervision.Tests.Processes;

/// <summary>Reading /proc: a process's parent and start time, and its descendants.</summary>
public sealed class ProcessTreeTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Stat_of_a_process_whose_name_holds_spaces_and_parentheses_gives_its_parent_and_start_time()
    {
        // The command name is field 2 of /proc/PID/stat, in parentheses; a name with ") " must not shift the fields.
        string directory = Directory.CreateTempSubdirectory("proctree").FullName;
        string odd = Path.Combine(directory, "a) (b c");
        File.CreateSymbolicLink(odd, "/bin/sleep");
        try
        {
            SpawnedProcess child = SpawnedProcess.Start(odd, ["30"], [], "/", redirectOutput: false);
            try
            {
                Assert.True(ProcessTree.TryReadStat(child.Pid, out int parent, out long start));
                Assert.Equal(Environment.ProcessId, parent);
                Assert.True(ProcessTree.TryReadStat(Environment.ProcessId, out _, out long ownStart));
                Assert.InRange(start, ownStart, long.MaxValue);
            }
            finally
            {
                Signals.Send(child.Pid, Signals.SIGKILL);
                await child.WaitStatus.WaitAsync(TestTimeouts.Wait);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Stat_of_a_process_that_does_not_exist_is_not_read()
    {
        Assert.False(ProcessTree.TryReadStat(int.MaxValue, out _, out _));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Descendants_are_found_through_every_level_with_their_start_times()
    {
        // sh → sh → sleep: two levels below the leader.
        SpawnedProcess leader = SpawnedProcess.Start("/bin/sh", ["-c", "/bin/sh -c 'sleep 30 & wait' & wait"], [], "/", redirectOutput: false);
        try
        {
            List<ProcessTree.ProcessId> descendants = [];
            while (descendants.Count < 2)
            {
                // The shells fork as they run: poll until both levels are there (bounded by the test's timeout).
                await Task.Delay(TimeSpan.FromMilliseconds(5));
                descendants = ProcessTree.Descendants(leader.Pid);
            }

            Assert.Equal(2, descendants.Count);
            Assert.All(descendants, d => Assert.True(ProcessTree.TryReadStat(d.Pid, out _, out long start) && start == d.StartTime));
            Assert.True(ProcessTree.TryReadStat(descendants[1].Pid, out int parent, out _));
            Assert.Equal(descendants[0].Pid, parent);
        }
        finally
        {
            Signals.SendToGroup(leader.Pid, Signals.SIGKILL);
            await leader.WaitStatus.WaitAsync(TestTimeouts.Wait);
        }
    }
}
