using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Supervision.Engine;

/// <summary>
/// The probe of <see cref="ReadinessProbe.Http"/> and <see cref="LivenessProbe.Http"/>: <c>GET</c> a path on
/// 127.0.0.1 answers 2xx or 3xx. One request on a socket of its own, the status line judged and the rest read out and
/// dropped: a probe needs no connection pool, no redirects, no body.
/// </summary>
internal static class HttpProbe
{
    /// <summary>Tries once; never throws.</summary>
    public static async Task<bool> TryGetAsync(int port, string path, TimeSpan timeout)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancel.Token).ConfigureAwait(false);
            byte[] request = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUser-Agent: Supervision-probe\r\nConnection: close\r\n\r\n"));
            await socket.SendAsync(request, SocketFlags.None, cancel.Token).ConfigureAwait(false);

            // "HTTP/1.1 200": the status code ends at byte 12.
            byte[] status = new byte[12];
            int read = 0;
            while (read < status.Length)
            {
                int count = await socket.ReceiveAsync(status.AsMemory(read), SocketFlags.None, cancel.Token).ConfigureAwait(false);
                if (count == 0)
                {
                    return false;
                }

                read += count;
            }

            bool answered = status.AsSpan().StartsWith("HTTP/1."u8) && status[8] == (byte)' '
                && Utf8Parser.TryParse(status.AsSpan(9, 3), out int code, out int used) && used == 3 && code is >= 200 and < 400;
            await DrainAsync(socket, cancel.Token).ConfigureAwait(false);
            return answered;
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads the rest of the answer (up to 64 KiB, within the probe's timeout) before the socket closes: closing on
    /// unread data resets the connection, and a server still writing its body would see an error on every probe.
    /// </summary>
    private static async Task DrainAsync(Socket socket, CancellationToken cancellationToken)
    {
        byte[] rest = new byte[4096];
        try
        {
            for (int total = 0; total < 64 * 1024;)
            {
                int count = await socket.ReceiveAsync(rest, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (count == 0)
                {
                    return;
                }

                total += count;
            }
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException)
        {
            // The verdict is in: a server slow to finish its body, or one that resets, changes nothing.
        }
    }
}
