using System.Net;
using System.Net.Sockets;

namespace Supervision;

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
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancel.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
