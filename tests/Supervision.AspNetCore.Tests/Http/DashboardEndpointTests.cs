using System.Net;
using Supervision.AspNetCore.Tests.Fakes;

namespace Supervision.AspNetCore.Tests.Http;

public sealed class DashboardEndpointTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task The_page_is_served_from_the_assembly_and_cannot_be_framed()
    {
        await using TestApp app = await TestApp.StartAsync();
        using HttpClient client = app.Client();

        using HttpResponseMessage page = await client.GetAsync("", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script src=\"dashboard.js\"", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
    }

    [Theory(Timeout = TestTimeouts.Test)]
    [InlineData("dashboard.js", "text/javascript")]
    [InlineData("dashboard.css", "text/css")]
    public async Task The_script_and_styles_are_served_from_the_assembly(string file, string mediaType)
    {
        await using TestApp app = await TestApp.StartAsync();
        using HttpClient client = app.Client();

        using HttpResponseMessage response = await client.GetAsync(file, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task The_prefix_without_its_slash_redirects_to_the_page()
    {
        await using TestApp app = await TestApp.StartAsync();
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = app.Address };
        client.DefaultRequestHeaders.Authorization = new("Test", "ops");

        using HttpResponseMessage response = await client.GetAsync("/supervision", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/supervision/", response.Headers.Location?.OriginalString);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_read_only_mapping_serves_a_page_without_actions()
    {
        await using TestApp app = await TestApp.StartAsync(o => o.ReadOnly = true);
        using HttpClient client = app.Client();

        string page = await client.GetStringAsync("", TestContext.Current.CancellationToken);

        Assert.Contains("<body data-actions=\"off\">", page, StringComparison.Ordinal);
    }
}
