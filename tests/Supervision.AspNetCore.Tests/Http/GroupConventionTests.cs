using System.Net;
using Microsoft.AspNetCore.Builder;
using Supervision.AspNetCore.Tests.Fakes;

namespace Supervision.AspNetCore.Tests.Http;

/// <summary>MapSupervision returns the endpoint group: what the app chains on it applies to every endpoint.</summary>
public sealed class GroupConventionTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_host_chained_on_the_group_hides_the_endpoints_from_other_hosts()
    {
        await using TestApp app = await TestApp.StartAsync(chain: g => g.RequireHost("ops.example"));
        using HttpClient client = app.Client();

        using HttpResponseMessage response = await client.GetAsync("status", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task The_endpoints_answer_on_the_host_chained_on_the_group()
    {
        await using TestApp app = await TestApp.StartAsync(chain: g => g.RequireHost("ops.example"));
        using HttpClient client = app.Client();

        using var request = new HttpRequestMessage(HttpMethod.Get, "status");
        request.Headers.Host = "ops.example";
        using HttpResponseMessage response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
