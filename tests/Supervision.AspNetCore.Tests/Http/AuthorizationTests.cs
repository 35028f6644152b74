using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Supervision.AspNetCore.Tests.Fakes;

namespace Supervision.AspNetCore.Tests.Http;

public sealed class AuthorizationTests
{
    public static TheoryData<string, string> Endpoints() => new()
    {
        { "GET", "" },
        { "GET", "dashboard.js" },
        { "GET", "status" },
        { "GET", "events" },
        { "POST", "types/web/scale" },
        { "POST", "types/web/restart" },
        { "POST", "types/web/instances/1/restart" },
    };

    [Theory(Timeout = TestTimeouts.Test)]
    [MemberData(nameof(Endpoints))]
    public async Task Without_credentials_every_endpoint_answers_401_and_nothing_changes(string method, string path)
    {
        await using TestApp app = await TestApp.StartAsync();
        using HttpClient client = app.Client(user: null);

        using HttpResponseMessage response = await client.SendAsync(Request(method, path), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertUntouched(app);
    }

    [Theory(Timeout = TestTimeouts.Test)]
    [MemberData(nameof(Endpoints))]
    public async Task A_user_outside_the_policy_chained_on_the_group_gets_403_and_nothing_changes(string method, string path)
    {
        await using TestApp app = await TestApp.StartAsync(chain: g => g.RequireAuthorization("ops"));
        using HttpClient client = app.Client(user: "developer");

        using HttpResponseMessage response = await client.SendAsync(Request(method, path), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        AssertUntouched(app);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_user_inside_the_policy_chained_on_the_group_reads_the_status()
    {
        await using TestApp app = await TestApp.StartAsync(chain: g => g.RequireAuthorization("ops"));
        using HttpClient client = app.Client(user: "ops");

        using HttpResponseMessage response = await client.GetAsync("status", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Anonymous_access_is_an_explicit_opt_in()
    {
        await using TestApp app = await TestApp.StartAsync(o => o.AllowAnonymous = true);
        using HttpClient client = app.Client(user: null);

        using HttpResponseMessage response = await client.GetAsync("status", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Read_only_maps_no_action()
    {
        await using TestApp app = await TestApp.StartAsync(o => o.ReadOnly = true);
        using HttpClient client = app.Client();

        using HttpResponseMessage response = await client.SendAsync(Request("POST", "types/web/instances/1/restart"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        AssertUntouched(app);
    }

    private static HttpRequestMessage Request(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            // A well-formed action: only the missing authorization may refuse it.
            request.Headers.Add("X-Supervision", "1");
            request.Content = new StringContent("{\"count\":0}", Encoding.UTF8, "application/json");
        }

        return request;
    }

    private static void AssertUntouched(TestApp app)
    {
        SupervisorStatus status = app.Supervisor.GetStatus();
        ProcessTypeStatus web = status.ProcessTypes.Single(t => t.Name == "web");
        Assert.Equal(2, web.Count);
        Assert.All(status.ProcessTypes.SelectMany(t => t.Instances), i => Assert.Equal((InstanceState.Running, 0), (i.State, i.Restarts)));
    }
}
