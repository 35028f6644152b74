using Supervision.Tests.Fakes;
using static Supervision.SupervisionEventKind;

namespace Supervision.Tests.Processes.Output;

/// <summary>The last lines of each child instance: bounded, cut, in the failed run's Exited event and on request.</summary>
public sealed class RecentOutputTests
{
    private static ProcessTypeOptions Shell(string script) => new() { Command = "/bin/sh", Arguments = ["-c", script], Restart = RestartPolicy.Never };

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_failed_run_carries_its_last_lines_in_its_exited_event()
    {
        await using var h = new ChildHarness();
        h.AddChild("crash", Shell("i=1; while [ $i -le 150 ]; do echo \"line $i\"; i=$((i+1)); done; exit 3"));

        await h.StartAsync();
        SupervisionEvent exited = await h.Events.WaitAsync(Exited, "crash.1");

        // The oldest lines went; those kept are the last, in order.
        IReadOnlyList<OutputLine> lines = Assert.IsAssignableFrom<IReadOnlyList<OutputLine>>(exited.RecentOutput);
        Assert.Equal(SupervisionDefaults.RecentOutputLines, lines.Count);
        Assert.Equal(Enumerable.Range(150 - lines.Count + 1, lines.Count).Select(i => $"line {i}"), lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.Equal("crash.1", l.Source));
        Assert.All(lines, l => Assert.False(l.IsError));
        Assert.Equal(lines.Select(l => l.Text), h.Supervisor.GetRecentOutput("crash", 1).Select(l => l.Text));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_line_on_stderr_is_kept_as_an_error_line()
    {
        // Two pipes, two readers: the order between them is the order they were read in, so only stderr is checked here.
        await using var h = new ChildHarness();
        h.AddChild("crash", Shell("echo starting; echo 'boom: disk full' >&2; exit 3"));

        await h.StartAsync();
        SupervisionEvent exited = await h.Events.WaitAsync(Exited, "crash.1");

        IReadOnlyList<OutputLine> lines = Assert.IsAssignableFrom<IReadOnlyList<OutputLine>>(exited.RecentOutput);
        OutputLine error = Assert.Single(lines, l => l.IsError);
        Assert.Equal(new OutputLine(error.Timestamp, "crash.1", "boom: disk full", true), error);
        Assert.Equal(new OutputLine(lines.Single(l => !l.IsError).Timestamp, "crash.1", "starting", false), lines.Single(l => !l.IsError));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_completed_run_has_no_lines_in_its_event_but_keeps_them_for_status()
    {
        await using var h = new ChildHarness();
        h.AddChild("job", Shell("echo done"));

        await h.StartAsync();
        SupervisionEvent exited = await h.Events.WaitAsync(Exited, "job.1");

        Assert.Null(exited.RecentOutput);
        Assert.Equal(["done"], h.Supervisor.GetRecentOutput("JOB", 1).Select(l => l.Text));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_long_line_is_kept_cut_between_characters_and_the_next_line_on_its_own()
    {
        await using var h = new ChildHarness();

        // 40,000 bytes of 'é' (2 bytes each) comes to the log sink in 16 KiB pieces: it is kept once, by its start.
        h.AddChild("long", Shell("i=0; while [ $i -lt 20000 ]; do printf 'é'; i=$((i+1)); done; echo; echo after; exit 1"));

        await h.StartAsync();
        SupervisionEvent exited = await h.Events.WaitAsync(Exited, "long.1");

        IReadOnlyList<OutputLine> lines = exited.RecentOutput!;
        Assert.Equal(2, lines.Count);
        Assert.EndsWith("…", lines[0].Text, StringComparison.Ordinal);
        Assert.Equal(new string('é', RecentOutput.MaxLineBytes / 2) + "…", lines[0].Text);
        Assert.Equal("after", lines[1].Text);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Zero_lines_keeps_nothing()
    {
        await using var h = new ChildHarness();
        h.AddChild("quiet", Shell("echo hidden; exit 1")).RecentOutputLines = 0;

        await h.StartAsync();
        SupervisionEvent exited = await h.Events.WaitAsync(Exited, "quiet.1");

        Assert.Null(exited.RecentOutput);
        Assert.Empty(h.Supervisor.GetRecentOutput("quiet", 1));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_wrong_type_or_instance_is_refused()
    {
        await using var h = new ChildHarness();
        h.AddChild("job", Shell("sleep 30"));
        await h.StartAsync();

        Assert.Throws<ArgumentException>(() => h.Supervisor.GetRecentOutput("nope", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => h.Supervisor.GetRecentOutput("job", 2));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_follower_gets_the_lines_of_the_instances_it_asked_for_as_they_come()
    {
        await using var h = new ChildHarness();
        ProcessTypeOptions talker = h.AddChild("talker", Shell("echo \"hello from $PS\"; read line"));
        talker.Count = 2;
        h.AddChild("other", Shell("echo noise; read line"));
        using var stop = new CancellationTokenSource(TestTimeouts.Wait);
        await using IAsyncEnumerator<OutputLine> follower = h.Supervisor.WatchOutputAsync("talker", 2, stop.Token).GetAsyncEnumerator(stop.Token);
        ValueTask<bool> first = follower.MoveNextAsync();

        await h.StartAsync();

        Assert.True(await first);
        Assert.Equal(("talker.2", "hello from talker.2", false), (follower.Current.Source, follower.Current.Text, follower.Current.IsError));
        ValueTask<bool> second = follower.MoveNextAsync();
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await second);
    }
}
