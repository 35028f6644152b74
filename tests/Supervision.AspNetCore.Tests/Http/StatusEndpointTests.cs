using System.Text.Json;
using Supervision.AspNetCore.Tests.Fakes;

namespace Supervision.AspNetCore.Tests.Http;

public sealed class StatusEndpointTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Status_writes_states_as_names()
    {
        await using TestApp app = await TestApp.StartAsync();
        using HttpClient client = app.Client();

        string json = await client.GetStringAsync("status", TestContext.Current.CancellationToken);

        Assert.Contains("\"state\":\"Running\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"state\":2", json, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Status_lists_every_type_and_instance()
    {
        await using TestApp app = await TestApp.StartAsync();
        using HttpClient client = app.Client();

        using JsonDocument status = JsonDocument.Parse(await client.GetStringAsync("status", TestContext.Current.CancellationToken));

        JsonElement[] types = [.. status.RootElement.GetProperty("processTypes").EnumerateArray()];
        Assert.Equal(["web", "worker"], types.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(2, types[0].GetProperty("count").GetInt32());
        JsonElement[] web = [.. types[0].GetProperty("instances").EnumerateArray()];
        Assert.Equal(["web.1", "web.2"], web.Select(i => i.GetProperty("name").GetString()));
        Assert.All(web, i =>
        {
            Assert.Equal("web", i.GetProperty("type").GetString());
            Assert.Equal(0, i.GetProperty("restarts").GetInt32());
            Assert.True(i.GetProperty("uptimeSeconds").GetDouble() >= 0);
        });
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Status_gives_the_last_exit_of_a_crashed_instance_with_its_reason_as_a_name()
    {
        await using TestApp app = await TestApp.StartAsync();
        using HttpClient client = app.Client();

        app.CrashSwitch.Crash("worker.1");
        await app.WaitUntilAsync(_ => app.Instance("worker.1") is { State: InstanceState.Running, Restarts: 1 });
        using JsonDocument status = JsonDocument.Parse(await client.GetStringAsync("status", TestContext.Current.CancellationToken));

        JsonElement worker = status.RootElement.GetProperty("processTypes")[1].GetProperty("instances")[0];
        JsonElement exit = worker.GetProperty("lastExit");
        Assert.Equal("Failed", exit.GetProperty("reason").GetString());
        Assert.Equal("InvalidOperationException: worker.1 crashed on demand", exit.GetProperty("error").GetString());
        Assert.Equal(1, worker.GetProperty("restarts").GetInt32());
    }
}
