using System.Net;
using System.Net.Sockets;

namespace Supervision.Benchmarks;

/// <summary>Ports on 127.0.0.1: consecutive free ones for three instances, and waiting until they all listen.</summary>
internal static class LocalPorts
{
    private const string EphemeralRange = "/proc/sys/net/ipv4/ip_local_port_range";

    /// <summary>
    /// Free ports below the ephemeral range: a port in it can be taken as the source port of a client's connection
    /// while its instance is down (the replacement then fails to bind, or a connection to it reaches itself).
    /// </summary>
    public static int[] FreeConsecutive(int count)
    {
        int below = EphemeralStart();
        for (int attempt = 0; attempt < 100; attempt++)
        {
            int start = Random.Shared.Next(10_000, below - count);
            if (Enumerable.Range(start, count).All(IsFree))
            {
                return [.. Enumerable.Range(start, count)];
            }
        }

        throw new InvalidOperationException($"No {count} consecutive free ports on 127.0.0.1 below {below}.");
    }

    private static int EphemeralStart()
    {
        string range = File.Exists(EphemeralRange) ? File.ReadAllText(EphemeralRange) : "";
        return int.TryParse(range.Split('\t', ' ')[0], System.Globalization.CultureInfo.InvariantCulture, out int start) && start > 20_000 ? start : 32_768;
    }

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

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
