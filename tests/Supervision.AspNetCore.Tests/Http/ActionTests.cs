using System.Net;
using System.Text;
using System.Text.Json;
using Supervision.AspNetCore.Tests.Fakes;

namespace Supervision.AspNetCore.Tests.Http;

public sealed class ActionTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Scale_acts_and_the_event_stream_shows_it_in_order()
    {
        await using TestApp app = await TestApp.StartAsync();
        using HttpClient client = app.Client();
        await using EventStreamReader events = await EventStreamReader.OpenAsync(client);
        List<JsonElement> snapshot = await events.ReadUntilAsync(e => e.Is("Snapshot", "worker.1"));
        Assert.Equal("Snapshot web.1, Snapshot web.2, Snapshot worker.1", snapshot.Describe());

        using HttpResponseMessage up = await PostAsync(client, "types/web/scale", "{\"count\":3}");
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        JsonElement started = await events.NextAsync();
        Assert.True(started.Is("Started", "web.3"), $"{started.Kind()} {started.Source()}");

        using HttpResponseMessage down = await PostAsync(client, "types/web/scale", "{\"count\":1}");
        Assert.Equal(HttpStatusCode.OK, down.StatusCode);
        var stopped = new HashSet<string>();
        List<JsonElement> stops = await events.ReadUntilAsync(e => e.Kind() == "Stopped" && stopped.Add(e.Source()) && stopped.Count == 2);
        string[] kinds = [.. stops.Select(e => $"{e.Kind()} {e.Source()}")];
        Assert.True(Array.IndexOf(kinds, "Stopping web.3") < Array.IndexOf(kinds, "Stopped web.3"), stops.Describe());
        Assert.True(Array.IndexOf(kinds, "Stopping web.2") < Array.IndexOf(kinds, "Stopped web.2"), stops.Describe());
        Assert.Equal(["web.2", "web.3"], stopped.Order(StringComparer.Ordinal));
        Assert.Equal(1, app.Supervisor.GetStatus().ProcessTypes[0].Count);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Restarting_an_instance_acts_and_the_event_stream_shows_it_in_order()
    {
        await using TestApp app = await TestApp.StartAsync();
        using HttpClient client = app.Client();
        await using EventStreamReader events = await EventStreamReader.OpenAsync(client);
        await events.ReadUntilAsync(e => e.Is("Snapshot", "worker.1"));

        using HttpResponseMessage response = await PostAsync(client, "types/web/instances/2/restart");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"restarts\":1", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        List<JsonElement> seen = await events.ReadUntilAsync(e => e.Is("Started", "web.2"));
        Assert.Equal("Stopping web.2", seen[0].Kind() + " " + seen[0].Source());
        Assert.All(seen, e => Assert.Equal("web.2", e.Source()));
        Assert.Equal(1, seen[^1].Restarts());
        Assert.Equal(0, app.Instance("web.1").Restarts);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Restarting_a_type_restarts_its_instances_one_at_a_time()
    {
        await using TestApp app = await TestApp.StartAsync();
        using HttpClient client = app.Client();
        await using EventStreamReader events = await EventStreamReader.OpenAsync(client);
        await events.ReadUntilAsync(e => e.Is("Snapshot", "worker.1"));

        using HttpResponseMessage response = await PostAsync(client, "types/web/restart");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        List<JsonElement> seen = await events.ReadUntilAsync(e => e.Is("Started", "web.2"));
        string[] kinds = [.. seen.Where(e => e.Kind() is "Stopping" or "Started").Select(e => $"{e.Kind()} {e.Source()}")];
        Assert.Equal(["Stopping web.1", "Started web.1", "Stopping web.2", "Started web.2"], kinds);
        Assert.Equal(0, app.Instance("worker.1").Restarts);
    }

    [Theory(Timeout = TestTimeouts.Test)]
    [InlineData("types/nope/restart", null, HttpStatusCode.NotFound)]
    [InlineData("types/web/instances/9/restart", null, HttpStatusCode.NotFound)]
    [InlineData("types/nope/scale", "{\"count\":1}", HttpStatusCode.NotFound)]
    [InlineData("types/web/scale", "{\"count\":-1}", HttpStatusCode.BadRequest)]
    [InlineData("types/web/scale", "{}", HttpStatusCode.BadRequest)]
    [InlineData("types/web/scale", "three", HttpStatusCode.BadRequest)]
    [InlineData("types/web/instances/1/signal", "{\"signal\":\"NOPE\"}", HttpStatusCode.BadRequest)]
    [InlineData("types/web/instances/1/signal", "{}", HttpStatusCode.BadRequest)]
    [InlineData("types/web/instances/1/signal", "{\"signal\":\"HUP\"}", HttpStatusCode.Conflict)]
    [InlineData("types/nope/signal", "{\"signal\":\"HUP\"}", HttpStatusCode.NotFound)]
    public async Task A_wrong_action_is_refused_with_its_reason_and_changes_nothing(string path, string? body, HttpStatusCode expected)
    {
        await using TestApp app = await TestApp.StartAsync();
        using HttpClient client = app.Client();

        using HttpResponseMessage response = await PostAsync(client, path, body);

        Assert.Equal(expected, response.StatusCode);
        using JsonDocument error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.False(string.IsNullOrEmpty(error.RootElement.GetProperty("error").GetString()));
        Assert.Equal(2, app.Supervisor.GetStatus().ProcessTypes[0].Count);
        Assert.All(app.Supervisor.GetStatus().ProcessTypes.SelectMany(t => t.Instances), i => Assert.Equal(0, i.Restarts));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_signal_reaches_the_child_and_its_failed_exit_carries_its_last_lines_in_the_event_stream_and_status()
    {
        await using TestApp app = await TestApp.StartAsync(withChild: true);
        using HttpClient client = app.Client();
        await using EventStreamReader events = await EventStreamReader.OpenAsync(client);
        await events.ReadUntilAsync(e => e.Is("Snapshot", "job.1"));
        await app.WaitForOutputAsync("job", 1, "job.1: ready");

        using HttpResponseMessage response = await PostAsync(client, "types/job/instances/1/signal", "{\"signal\":\"SIGUSR1\"}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        List<JsonElement> seen = await events.ReadUntilAsync(e => e.Is("Exited", "job.1"));
        JsonElement[] lines = [.. seen[^1].GetProperty("recentOutput").EnumerateArray()];
        Assert.Equal(["job.1: connecting", "job.1: ready", "fatal: lost the database"], lines.Select(l => l.GetProperty("text").GetString()));
        Assert.True(lines[^1].GetProperty("isError").GetBoolean());

        using JsonDocument status = JsonDocument.Parse(await client.GetStringAsync("status", TestContext.Current.CancellationToken));
        JsonElement job = status.RootElement.GetProperty("processTypes").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "job");
        JsonElement instance = job.GetProperty("instances")[0];
        Assert.Contains(instance.GetProperty("recentOutput").EnumerateArray(), l => l.GetProperty("text").GetString() == "fatal: lost the database");
        Assert.False(status.RootElement.GetProperty("processTypes")[0].GetProperty("instances")[0].TryGetProperty("recentOutput", out _));
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string? json = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Add("X-Supervision", "1");
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
