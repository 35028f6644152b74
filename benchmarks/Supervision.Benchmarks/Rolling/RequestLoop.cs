using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Supervision.Benchmarks;

/// <summary>
/// B8's client: a few concurrent loops sending HTTP GETs round-robin over the instances' ports, a new connection per
/// request (the server speaks HTTP/1.0); a request whose connection is refused or fails, or whose answer is not 2xx, is
/// retried once on the next instance. Failed = failed after that retry.
/// </summary>
internal sealed class RequestLoop : IAsyncDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);

    private readonly int[] _ports;
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loops;
    private readonly ConcurrentDictionary<string, int> _failures = new();
    private long _total;
    private long _retried;
    private long _failed;

    private RequestLoop(int[] ports, int clients)
    {
        _ports = ports;
        // No pooled connection to fail under a request (and be retried by the handler itself): every GET connects.
        _client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, ConnectTimeout = RequestTimeout, PooledConnectionLifetime = TimeSpan.Zero })
        {
            Timeout = RequestTimeout,
        };
        _loops = Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(() => LoopAsync(client))));
    }

    public static RequestLoop Start(int[] ports, int clients) => new(ports, clients);

    /// <summary>Requests so far: all of them, those whose first try failed, and those that failed on the retry too.</summary>
    public RequestCounts Counts => new(Interlocked.Read(ref _total), Interlocked.Read(ref _retried), Interlocked.Read(ref _failed));

    /// <summary>Why the failed requests failed (first try, then the retry), with how many each.</summary>
    public IReadOnlyDictionary<string, int> Failures => _failures;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loops;
        _client.Dispose();
        _stop.Dispose();
    }

    private async Task LoopAsync(int client)
    {
        for (int next = client; !_stop.IsCancellationRequested; next++)
        {
            int first = next % _ports.Length;
            string? failed = await TryGetAsync(_ports[first]);
            string? retryFailed = null;
            if (failed is not null)
            {
                retryFailed = await TryGetAsync(_ports[(first + 1) % _ports.Length]);
            }

            if (_stop.IsCancellationRequested)
            {
                // Cut off by the end of the run, not by the server.
                return;
            }

            Interlocked.Increment(ref _total);
            if (failed is not null)
            {
                Interlocked.Increment(ref _retried);
            }

            if (retryFailed is not null)
            {
                Interlocked.Increment(ref _failed);
                _failures.AddOrUpdate($"{failed}, then {retryFailed}", 1, static (_, n) => n + 1);
            }
        }
    }

    /// <summary>One GET; null when it was answered 2xx, else why not (the error, or the status code).</summary>
    private async Task<string?> TryGetAsync(int port)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{port}/"));
            request.Headers.ConnectionClose = true;
            using HttpResponseMessage response = await _client.SendAsync(request, _stop.Token);
            _ = await response.Content.ReadAsByteArrayAsync(_stop.Token);
            return response.IsSuccessStatusCode ? null : "HTTP " + (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException or TaskCanceledException)
        {
            // The error class, and what the socket said (refused, reset) where it said anything.
            string what = e is HttpRequestException { HttpRequestError: var error } ? error.ToString() : e.GetType().Name;
            return e.GetBaseException() is SocketException socket ? $"{what} ({socket.SocketErrorCode})" : what;
        }
    }
}
