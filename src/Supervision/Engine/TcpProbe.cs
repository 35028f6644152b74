using System.Net;
using System.Net.Sockets;

namespace Supervision.Engine;

/// <summary>The readiness probe of <see cref="ReadinessProbe.Tcp"/>: a connection to a port on 127.0.0.1 succeeds.</summary>
internal static class TcpProbe
{
    /// <summary>Tries once; never throws.</summary>
    public static async Task<bool> TryConnectAsync(int port, TimeSpan timeout)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            var target = new IPEndPoint(IPAddress.Loopback, port);
            await socket.ConnectAsync(target, cancel.Token).ConfigureAwait(false);

            // With nothing listening on a port of the ephemeral range, the kernel may pick that very port as the
            // probe's source port and the connection reaches itself (TCP simultaneous open): not a server.
            return !target.Equals(socket.LocalEndPoint);
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
