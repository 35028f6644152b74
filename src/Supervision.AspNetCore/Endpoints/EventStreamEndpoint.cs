using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Supervision.AspNetCore.Json;

namespace Supervision.AspNetCore.Endpoints;

/// <summary>
/// <c>GET events</c>: <see cref="ISupervisor.WatchAsync"/> as Server-Sent Events, one JSON event per <c>data:</c> line.
/// The first events are one <c>Snapshot</c> per instance, so a page that (re)connects knows where everything stands.
/// </summary>
internal static class EventStreamEndpoint
{
    private static readonly byte[] Opening = Encoding.UTF8.GetBytes(": supervision events\nretry: 2000\n\n");
    private static readonly byte[] DataPrefix = Encoding.UTF8.GetBytes("data: ");
    private static readonly byte[] EventEnd = Encoding.UTF8.GetBytes("\n\n");

    public static async Task HandleAsync(HttpContext context, ISupervisor supervisor, IHostApplicationLifetime lifetime)
    {
        // The stream ends with the request or with the host: an open dashboard must not hold up a shutdown.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        CancellationToken token = stop.Token;

        HttpResponse response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        try
        {
            // The comment sends the headers at once, so the client's EventSource opens before the first event.
            await response.Body.WriteAsync(Opening, token);
            await response.Body.FlushAsync(token);
            await foreach (SupervisionEvent e in supervisor.WatchAsync(token))
            {
                await response.Body.WriteAsync(DataPrefix, token);
                await JsonSerializer.SerializeAsync(response.Body, e.ToResponse(), SupervisionJsonContext.Default.EventResponse, token);
                await response.Body.WriteAsync(EventEnd, token);
                await response.Body.FlushAsync(token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The client left or the host stops: the stream simply ends.
        }
    }
}
