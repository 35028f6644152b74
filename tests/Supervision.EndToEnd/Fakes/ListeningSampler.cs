using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Supervision.EndToEnd.Fakes;

/// <summary>
/// Connects to every port at once every 10 ms and records how many listen (do not refuse), each sample stamped from
/// the sampler's start: what a load balancer in front of the instances would see.
/// </summary>
internal sealed class ListeningSampler : IAsyncDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);

    private readonly int[] _ports;
    private readonly List<Sample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _loop;
    private (Func<int, bool> Match, TaskCompletionSource Reached)? _awaited;

    private ListeningSampler(int[] ports)
    {
        _ports = ports;
        _loop = Task.Run(LoopAsync);
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    public static ListeningSampler Start(params int[] ports) => new(ports);

    /// <summary>The samples taken from <paramref name="from"/> on (sampler time).</summary>
    public Sample[] Since(TimeSpan from)
    {
        lock (_samples)
        {
            return [.. _samples.Where(s => s.At >= from)];
        }
    }

    /// <summary>Completes at the first sample from now on whose count of listening ports matches.</summary>
    public Task WhenAsync(Func<int, bool> match)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_samples)
        {
            _awaited = (match, reached);
        }

        return reached.Task.WaitAsync(TestTimeouts.Wait);
    }

    /// <summary>How many of <paramref name="ports"/> accept a connection on 127.0.0.1 right now.</summary>
    public static async Task<int> CountListeningAsync(int[] ports)
    {
        bool[] accepted = await Task.WhenAll(ports.Select(AcceptsAsync));
        return accepted.Count(static a => a);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Period);
        do
        {
            TimeSpan at = _clock.Elapsed;
            int listening = await CountListeningAsync(_ports);
            lock (_samples)
            {
                _samples.Add(new Sample(at, listening));
                if (_awaited is { } awaited && awaited.Match(listening))
                {
                    _awaited = null;
                    awaited.Reached.TrySetResult();
                }
            }
        }
        while (await timer.WaitForNextTickAsync(_stop.Token));
    }

    /// <summary>
    /// Refused = nothing listens (on loopback a port without a listener answers the SYN with a reset at once). A
    /// connection not accepted within the timeout still reached a listening socket whose queue is full (its SYN is
    /// dropped and retried after 1 s): listening, if busy.
    /// </summary>
    private static async Task<bool> AcceptsAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(ConnectTimeout);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode != SocketError.ConnectionRefused;
        }
    }

    /// <summary>One round of connections: when it started (sampler time) and how many ports accepted.</summary>
    internal readonly record struct Sample(TimeSpan At, int Listening);
}
