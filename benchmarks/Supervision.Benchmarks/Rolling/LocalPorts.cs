using System.Net;
using System.Net.Sockets;

namespace Supervision.Benchmarks;

/// <summary>Waiting until ports on 127.0.0.1 all listen.</summary>
internal static class LocalPorts
{
    /// <summary>Completes when every port accepts a connection, checked every 10 ms.</summary>
    public static async Task WaitListeningAsync(int[] ports, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            bool[] accepted = await Task.WhenAll(ports.Select(AcceptsAsync));
            if (accepted.All(static a => a))
            {
                return;
            }

            await Task.Delay(10, deadline.Token);
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
