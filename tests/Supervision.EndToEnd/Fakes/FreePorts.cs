using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Supervision.EndToEnd.Fakes;

/// <summary>
/// Consecutive free TCP ports on 127.0.0.1, for a type whose instance N listens on <c>Port + N − 1</c>; below the
/// ephemeral range, so that no client connection takes one as its source port while its instance is down.
/// </summary>
internal static class FreePorts
{
    private const string EphemeralRange = "/proc/sys/net/ipv4/ip_local_port_range";

    public static int[] Consecutive(int count)
    {
        int below = int.TryParse(File.ReadAllText(EphemeralRange).Split('\t', ' ')[0], CultureInfo.InvariantCulture, out int start) && start > 20_000 ? start : 32_768;
        for (int attempt = 0; attempt < 100; attempt++)
        {
            int first = Random.Shared.Next(10_000, below - count);
            if (Enumerable.Range(first, count).All(IsFree))
            {
                return [.. Enumerable.Range(first, count)];
            }
        }

        throw new InvalidOperationException($"No {count} consecutive free ports found on 127.0.0.1 below {below}.");
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
