using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Supervision.Extensions.Control;

/// <summary>
/// One connection to the control socket: one request line in, its answer out, then the connection ends (a followed
/// <c>logs</c> ends when either side leaves). Everything goes through the public <see cref="ISupervisor"/>.
/// </summary>
[SupportedOSPlatform("linux")]
internal static partial class ControlConnection
{
    /// <summary>The longest request line; a request is a few short fields.</summary>
    private const int MaxRequestBytes = 4096;

    public static async Task ServeAsync(Socket connection, ISupervisor supervisor, ILogger logger, CancellationToken stopping)
    {
        ControlRequestLine? request = await ReadRequestAsync(connection, stopping).ConfigureAwait(false);
        if (request is null)
        {
            await WriteAsync(connection, new ControlReplyLine(false, "a request is one line of JSON: {\"command\":\"status\"}"), stopping).ConfigureAwait(false);
            return;
        }

        if (request.Command is "scale" or "restart" or "signal")
        {
            string target = request.Instance is { } n ? $"{request.Type}.{n}" : request.Type ?? string.Empty;
            LogAction(logger, request.Command, target, request.Command == "scale" ? $"{request.Count}" : request.Signal);
        }

        ControlReplyLine reply;
        try
        {
            reply = request.Command switch
            {
                "status" => Status(supervisor),
                "scale" when request.Count is { } count => await ActAsync(supervisor, supervisor.ScaleAsync(Type(request), count, stopping)).ConfigureAwait(false),
                "restart" => await ActAsync(supervisor, supervisor.RestartAsync(Type(request), request.Instance, stopping)).ConfigureAwait(false),
                "signal" when request.Signal is { } signal => await ActAsync(supervisor, supervisor.SignalAsync(Type(request), request.Instance, signal, stopping)).ConfigureAwait(false),
                "logs" => await LogsAsync(connection, supervisor, request, stopping).ConfigureAwait(false),
                "scale" => new ControlReplyLine(false, "scale needs a count"),
                "signal" => new ControlReplyLine(false, "signal needs a signal"),
                _ => new ControlReplyLine(false, $"unknown command '{request.Command}': status, scale, restart, signal or logs"),
            };
        }
        catch (ArgumentOutOfRangeException exception) when (exception.ParamName == "instance")
        {
            reply = new ControlReplyLine(false, $"no instance {request.Type}.{request.Instance}: {FirstLine(exception.Message)}");
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            reply = new ControlReplyLine(false, FirstLine(exception.Message));
        }

        await WriteAsync(connection, reply, stopping).ConfigureAwait(false);
    }

    public static async Task WriteAsync(Socket connection, ControlReplyLine reply, CancellationToken cancellationToken)
    {
        byte[] line = [.. JsonSerializer.SerializeToUtf8Bytes(reply, ControlJsonContext.Default.ControlReplyLine), (byte)'\n'];
        await connection.SendAsync(line, SocketFlags.None, cancellationToken).ConfigureAwait(false);
    }

    private static string Type(ControlRequestLine request) =>
        string.IsNullOrEmpty(request.Type) ? throw new ArgumentException($"{request.Command} needs a process type") : request.Type;

    // An ArgumentException's message ends with " (Parameter 'x')": the parameter is the request's field, named already.
    private static string FirstLine(string message) => ParameterSuffix().Replace(message.Split('\n')[0], string.Empty);

    [GeneratedRegex(@" \(Parameter '\w+'\)$")]
    private static partial Regex ParameterSuffix();

    private static async Task<ControlReplyLine> ActAsync(ISupervisor supervisor, Task action)
    {
        await action.ConfigureAwait(false);
        return Status(supervisor);
    }

    private static ControlReplyLine Status(ISupervisor supervisor)
    {
        SupervisorStatus status = supervisor.GetStatus();
        ControlInstance[] instances =
        [
            .. status.ProcessTypes.SelectMany(static t => t.Instances).Select(static i =>
                new ControlInstance(i.TypeName, i.Instance, i.Name, i.State, i.Pid, i.Restarts, i.Uptime?.TotalSeconds, i.LastExit?.ToString())),
        ];
        return new ControlReplyLine(true, Status: new ControlStatus(status.State, instances));
    }

    /// <summary>The recent lines of the instances asked for, oldest first; then, following, every new line until either side leaves.</summary>
    private static async Task<ControlReplyLine> LogsAsync(Socket connection, ISupervisor supervisor, ControlRequestLine request, CancellationToken stopping)
    {
        using CancellationTokenSource ended = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        IAsyncEnumerator<OutputLine>? live = null;
        Task<bool>? next = null;
        try
        {
            if (request.Follow)
            {
                // Following before looking back: a line is then either among the recent ones or still to come.
                live = supervisor.WatchOutputAsync(request.Type, request.Instance, ended.Token).GetAsyncEnumerator(ended.Token);
                next = live.MoveNextAsync().AsTask();
            }

            var recent = new List<OutputLine>();
            foreach (ProcessTypeStatus type in supervisor.GetStatus().ProcessTypes)
            {
                if (request.Type is null || string.Equals(type.Name, request.Type, StringComparison.OrdinalIgnoreCase))
                {
                    foreach (ProcessInstanceStatus instance in type.Instances.Where(i => request.Instance is null || i.Instance == request.Instance))
                    {
                        recent.AddRange(supervisor.GetRecentOutput(type.Name, instance.Instance));
                    }
                }
            }

            DateTimeOffset shownUntil = DateTimeOffset.MinValue;
            foreach (OutputLine line in recent.OrderBy(static l => l.Timestamp))
            {
                await WriteLineAsync(connection, line, ended.Token).ConfigureAwait(false);
                shownUntil = line.Timestamp;
            }

            if (live is null)
            {
                return new ControlReplyLine(true);
            }

            // The client has nothing more to say: a read that ends is the client gone.
            _ = WatchForLeaveAsync(connection, ended);
            while (await next!.ConfigureAwait(false))
            {
                if (live.Current.Timestamp > shownUntil)
                {
                    await WriteLineAsync(connection, live.Current, ended.Token).ConfigureAwait(false);
                }

                next = live.MoveNextAsync().AsTask();
            }

            return new ControlReplyLine(true);
        }
        finally
        {
            await ended.CancelAsync().ConfigureAwait(false);
            if (live is not null)
            {
                // An enumerator is disposed only once its pending step has ended.
                await ((Task)next!).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                await live.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static Task WriteLineAsync(Socket connection, OutputLine line, CancellationToken cancellationToken) =>
        WriteAsync(connection, new ControlReplyLine(true, Line: new ControlOutputLine(line.Timestamp, line.Source, line.Text, line.IsError)), cancellationToken);

    private static async Task WatchForLeaveAsync(Socket connection, CancellationTokenSource ended)
    {
        byte[] sink = new byte[64];
        try
        {
            while (await connection.ReceiveAsync(sink, SocketFlags.None, ended.Token).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Gone either way.
        }

        await ended.CancelAsync().ConfigureAwait(false);
    }

    public static async Task<ControlRequestLine?> ReadRequestAsync(Socket connection, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[MaxRequestBytes];
        int length = 0;
        while (length < buffer.Length)
        {
            int read = await connection.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            int newline = Array.IndexOf(buffer, (byte)'\n', length, read);
            length += read;
            if (newline >= 0)
            {
                length = newline;
                break;
            }
        }

        try
        {
            return length == 0 ? null : JsonSerializer.Deserialize(buffer.AsSpan(0, length), ControlJsonContext.Default.ControlRequestLine);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(4, LogLevel.Information, "Control socket: {Command} {Target} {Argument} requested", EventName = "ControlSocketAction")]
    private static partial void LogAction(ILogger logger, string command, string target, string? argument);
}
