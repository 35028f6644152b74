using System.Text.Json;
using Supervision.AspNetCore.Tests.Fakes;

namespace Supervision.AspNetCore.Tests.Http;

public sealed class EventStreamTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_new_reader_first_gets_one_snapshot_per_instance_with_states_as_names()
    {
        await using TestApp app = await TestApp.StartAsync();
        using HttpClient client = app.Client();
        await using EventStreamReader events = await EventStreamReader.OpenAsync(client);

        JsonElement[] snapshot = [await events.NextAsync(), await events.NextAsync(), await events.NextAsync()];

        Assert.Equal("Snapshot web.1, Snapshot web.2, Snapshot worker.1", snapshot.Describe());
        Assert.All(snapshot, e => Assert.Equal("Running", e.GetProperty("state").GetString()));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_crash_is_sent_as_it_happens_with_its_exit()
    {
        await using TestApp app = await TestApp.StartAsync();
        using HttpClient client = app.Client();
        await using EventStreamReader events = await EventStreamReader.OpenAsync(client);
        await events.ReadUntilAsync(e => e.Is("Snapshot", "worker.1"));

        app.CrashSwitch.Crash("worker.1");

        List<JsonElement> seen = await events.ReadUntilAsync(e => e.Is("Started", "worker.1"));
        Assert.Equal("Exited worker.1, Backoff worker.1, Started worker.1", seen.Describe());
        JsonElement exit = seen[0].GetProperty("exit");
        Assert.Equal("Failed", exit.GetProperty("reason").GetString());
        Assert.Equal("InvalidOperationException: worker.1 crashed on demand", exit.GetProperty("error").GetString());
        Assert.True(seen[1].GetProperty("delaySeconds").GetDouble() >= 0);
        Assert.Equal(1, seen[2].Restarts());
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task The_stream_ends_when_the_host_stops_so_an_open_dashboard_does_not_hold_up_a_shutdown()
    {
        TestApp app = await TestApp.StartAsync();
        using HttpClient client = app.Client();
        await using EventStreamReader events = await EventStreamReader.OpenAsync(client);
        await events.ReadUntilAsync(e => e.Is("Snapshot", "worker.1"));

        Task disposed = app.DisposeAsync().AsTask();

        // The end of the stream, or of the connection under it: either way the reader is let go.
        await Assert.ThrowsAnyAsync<IOException>(async () => await events.ReadUntilAsync(_ => false));
        await disposed.WaitAsync(TestTimeouts.Wait, TestContext.Current.CancellationToken);
    }
}
