using System.Net;
using System.Text;
using Supervision.AspNetCore.Tests.Fakes;

namespace Supervision.AspNetCore.Tests.Http;

/// <summary>The user's browser holds credentials; a page of another site must not be able to act with them.</summary>
public sealed class CrossSiteTests
{
    [Theory(Timeout = TestTimeouts.Test)]
    [InlineData("types/web/scale")]
    [InlineData("types/web/restart")]
    [InlineData("types/web/instances/1/restart")]
    public async Task A_cross_site_form_post_is_refused_and_changes_nothing(string path)
    {
        await using TestApp app = await TestApp.StartAsync();
        using HttpClient client = app.Client();

        // What a browser sends for <form method="post" action="http://app/supervision/..."> on evil.example.
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent("count=0", Encoding.ASCII, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("Origin", "http://evil.example");
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        request.Headers.Add("Sec-Fetch-Mode", "navigate");
        using HttpResponseMessage response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        AssertUntouched(app);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task An_action_from_another_origin_is_refused_even_with_the_header()
    {
        await using TestApp app = await TestApp.StartAsync();
        using HttpClient client = app.Client();

        var request = new HttpRequestMessage(HttpMethod.Post, "types/web/instances/1/restart");
        request.Headers.Add("X-Supervision", "1");
        request.Headers.Add("Origin", "http://evil.example");
        using HttpResponseMessage response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        AssertUntouched(app);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_same_origin_action_with_the_header_is_accepted()
    {
        await using TestApp app = await TestApp.StartAsync();
        using HttpClient client = app.Client();

        var request = new HttpRequestMessage(HttpMethod.Post, "types/web/instances/1/restart");
        request.Headers.Add("X-Supervision", "1");
        request.Headers.Add("Origin", app.Address.GetLeftPart(UriPartial.Authority));
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        using HttpResponseMessage response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, app.Instance("web.1").Restarts);
    }

    private static void AssertUntouched(TestApp app)
    {
        Assert.Equal(2, app.Supervisor.GetStatus().ProcessTypes[0].Count);
        Assert.All(app.Supervisor.GetStatus().ProcessTypes.SelectMany(t => t.Instances), i => Assert.Equal(0, i.Restarts));
    }
}
