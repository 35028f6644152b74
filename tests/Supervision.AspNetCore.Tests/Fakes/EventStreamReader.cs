using System.Text.Json;

namespace Supervision.AspNetCore.Tests.Fakes;

/// <summary>Reads <c>GET events</c> as a browser's EventSource would: one JSON document per <c>data:</c> line.</summary>
public sealed class EventStreamReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStreamReader(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public static async Task<EventStreamReader> OpenAsync(HttpClient client)
    {
        HttpResponseMessage response = await client.GetAsync("events", HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Stream body = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        return new EventStreamReader(response, new StreamReader(body));
    }

    /// <summary>The next event's data.</summary>
    public async Task<JsonElement> NextAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TestTimeouts.Wait);
        while (true)
        {
            string line = await _reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException("the event stream ended");
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                using JsonDocument document = JsonDocument.Parse(line["data: ".Length..]);
                return document.RootElement.Clone();
            }
        }
    }

    /// <summary>Reads events until one satisfies <paramref name="last"/>; returns them all, that one included.</summary>
    public async Task<List<JsonElement>> ReadUntilAsync(Func<JsonElement, bool> last)
    {
        var events = new List<JsonElement>();
        JsonElement e;
        do
        {
            e = await NextAsync();
            events.Add(e);
        }
        while (!last(e));
        return events;
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        await Task.CompletedTask;
    }
}
