using System.Net.Sockets;
using System.Runtime.Versioning;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Supervision.Extensions.Control;

/// <summary>
/// The control socket (<see cref="Microsoft.Extensions.DependencyInjection.SupervisionServiceCollectionExtensions.AddSupervisionControlSocket"/>):
/// a Unix domain socket, mode 0600, answering the line-delimited JSON of <see cref="ControlConnection"/>. It opens
/// before anything else of the host starts, so that a second host pointed at the same path fails before it starts
/// any process: a socket that answers belongs to a running host and is refused, one that does not is stale and
/// replaced. One accept loop serves every connection; a peer of another user id (<c>SO_PEERCRED</c>) is refused.
/// The socket file goes when the host stops.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed partial class ControlSocketService(string path, ISupervisor supervisor, IHostApplicationLifetime lifetime, ILogger<ControlSocketService> logger)
    : IHostedLifecycleService, IDisposable
{
    /// <summary>How long a refused peer has to send its request before the refusal.</summary>
    private static readonly TimeSpan RefusalReadTimeout = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _connections = [];
    private Socket? _listener;
    private Task _accepting = Task.CompletedTask;

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        ControlSocketFile.Claim(Path);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(Path));

            // Binding creates the file under the umask; 0600 follows at once, and the peer check covers the instant between.
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            listener.Listen(16);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        _accepting = AcceptAsync(listener);
        LogListening(logger, Path);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Closes the socket once everything else has stopped, so that <c>supervise status</c> works until the end.</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        Close();
        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll([_accepting, .. connections]).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        Close();
        _stopping.Dispose();
    }

    private void Close()
    {
        if (Interlocked.Exchange(ref _listener, null) is { } listener)
        {
            listener.Dispose();
            ControlSocketFile.Remove(Path);
        }
    }

    private async Task AcceptAsync(Socket listener)
    {
        CancellationToken stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await listener.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException && stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException exception)
            {
                // Out of descriptors, say: the host goes on without its control socket rather than spin.
                LogAcceptFailed(logger, Path, exception);
                return;
            }

            uint? peer = PeerCredentials.UserIdOf(connection);
            if (peer != PeerCredentials.EffectiveUserId)
            {
                LogRefused(logger, Path, peer);
                _ = RefuseAsync(connection);
                continue;
            }

            Task served = ServeAsync(connection, stopping);
            lock (_connections)
            {
                _connections.RemoveAll(static t => t.IsCompleted);
                _connections.Add(served);
            }
        }
    }

    private async Task ServeAsync(Socket connection, CancellationToken stopping)
    {
        // The host stopping ends a follow; the connection's own end is found by ControlConnection.
        using CancellationTokenSource ended = CancellationTokenSource.CreateLinkedTokenSource(stopping, lifetime.ApplicationStopping);
        try
        {
            await ControlConnection.ServeAsync(connection, supervisor, logger, ended.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client left mid-answer, or the host is stopping.
        }
        finally
        {
            connection.Dispose();
        }
    }

    private static async Task RefuseAsync(Socket connection)
    {
        using (connection)
        {
            try
            {
                // Its request is read (briefly) and dropped first: a socket closed with unread data resets the connection,
                // and the peer would never read why.
                using var patience = new CancellationTokenSource(RefusalReadTimeout);
                _ = await ControlConnection.ReadRequestAsync(connection, patience.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is SocketException or OperationCanceledException)
            {
                // Nothing sent in time: refused all the same.
            }

            try
            {
                await ControlConnection.WriteAsync(connection, new ControlReplyLine(false, "refused: this control socket serves only the user that runs the host"), CancellationToken.None).ConfigureAwait(false);
                connection.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // Gone already: refused all the same.
            }
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Control socket listening at {Path}", EventName = "ControlSocketListening")]
    private static partial void LogListening(ILogger logger, string path);

    [LoggerMessage(3, LogLevel.Error, "Control socket {Path} stopped accepting connections", EventName = "ControlSocketFailed")]
    private static partial void LogAcceptFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "Control socket {Path}: refused a connection from user id {UserId}, not the host's", EventName = "ControlSocketRefused")]
    private static partial void LogRefused(ILogger logger, string path, uint? userId);
}
