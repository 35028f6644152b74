using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Supervision.Testing;

/// <summary>
/// Consecutive free TCP ports on 127.0.0.1, for a type whose instance N listens on <c>Port + N − 1</c>; below the
/// ephemeral range: a port in it can be taken as the source port of a client's connection while its instance is down
/// (the replacement then cannot bind it, or a connection to it reaches itself). Used by the end-to-end tests
/// and the benchmarks.
/// </summary>
public static class LoopbackPorts
{
    private const string EphemeralRange = "/proc/sys/net/ipv4/ip_local_port_range";

    public static int[] FreeConsecutive(int count)
    {
        int below = EphemeralStart();
        for (int attempt = 0; attempt < 100; attempt++)
        {
            int first = Random.Shared.Next(10_000, below - count);
            if (Enumerable.Range(first, count).All(IsFree))
            {
                return [.. Enumerable.Range(first, count)];
            }
        }

        throw new InvalidOperationException($"No {count} consecutive free ports on 127.0.0.1 below {below}.");
    }

    private static int EphemeralStart()
    {
        string range = File.Exists(EphemeralRange) ? File.ReadAllText(EphemeralRange) : "";
        return int.TryParse(range.Split('\t', ' ')[0], CultureInfo.InvariantCulture, out int start) && start > 20_000 ? start : 32_768;
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
