using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ProcfileRunner;

/// <summary>
/// <c>supervise status | scale | restart | logs | signal</c>: one request to the control socket of a running
/// <c>supervise start</c> (or any host with <c>AddSupervisionControlSocket</c>), its answer printed as a table, as
/// <c>HH:mm:ss web.1 | line</c> output lines, or with <c>--json</c> as the JSON lines the socket sent.
/// </summary>
internal static class ControlClient
{
    /// <summary>The socket's name beside the Procfile, as Overmind's <c>.overmind.sock</c>.</summary>
    public const string DefaultSocketName = ".supervise.sock";

    public static string DefaultSocket(string procfile) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(procfile))!, DefaultSocketName);

    /// <summary>Whether a host answers on <paramref name="socket"/>: a running supervise, which a second one must not replace.</summary>
    public static bool Answers(string socket)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(socket));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static async Task<int> RunAsync(string socket, JsonObject request, bool json, CancellationToken cancellationToken)
    {
        if (!File.Exists(socket))
        {
            Runner.Error($"no supervise is running here: no control socket at {socket} (start one with 'supervise start', or give its socket with -s).");
            return Runner.BadInput;
        }

        using var connection = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await connection.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancellationToken);
        }
        catch (SocketException exception) when (exception.SocketErrorCode is SocketError.ConnectionRefused)
        {
            Runner.Error($"no supervise is running here: nothing answers on {socket}, left by one that did not stop cleanly.");
            return Runner.BadInput;
        }
        catch (SocketException exception)
        {
            Runner.Error($"{socket}: {exception.Message}");
            return Runner.BadInput;
        }

        await using var stream = new NetworkStream(connection, ownsSocket: false);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToJsonString() + "\n"), cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        bool answered = false;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            answered = true;
            if (json)
            {
                Console.Out.WriteLine(line);
            }

            using JsonDocument reply = JsonDocument.Parse(line);
            JsonElement root = reply.RootElement;
            if (!root.GetProperty("ok").GetBoolean())
            {
                Runner.Error(root.TryGetProperty("error", out JsonElement error) ? error.GetString()! : "the request failed.");
                return Runner.BadInput;
            }

            if (json)
            {
                continue;
            }

            if (root.TryGetProperty("line", out JsonElement outputLine))
            {
                WriteOutputLine(outputLine);
            }
            else if (root.TryGetProperty("status", out JsonElement status))
            {
                WriteTable(status);
            }
        }

        if (!answered)
        {
            Runner.Error($"{socket} closed without an answer.");
            return Runner.BadInput;
        }

        return 0;
    }

    private static void WriteOutputLine(JsonElement line)
    {
        string time = line.GetProperty("timestamp").GetDateTimeOffset().ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        TextWriter writer = line.TryGetProperty("isError", out JsonElement isError) && isError.GetBoolean() ? Console.Error : Console.Out;
        writer.WriteLine($"{time} {line.GetProperty("source").GetString()} | {line.GetProperty("text").GetString()}");
    }

    private static void WriteTable(JsonElement status)
    {
        string[] header = ["NAME", "STATE", "PID", "RESTARTS", "UPTIME", "LAST EXIT"];
        var rows = new List<string[]> { header };
        foreach (JsonElement instance in status.GetProperty("instances").EnumerateArray())
        {
            rows.Add(
            [
                instance.GetProperty("name").GetString()!,
                instance.GetProperty("state").GetString()!,
                instance.TryGetProperty("pid", out JsonElement pid) ? pid.GetInt32().ToString(CultureInfo.InvariantCulture) : "-",
                instance.GetProperty("restarts").GetInt32().ToString(CultureInfo.InvariantCulture),
                instance.TryGetProperty("uptimeSeconds", out JsonElement uptime) ? Uptime(uptime.GetDouble()) : "-",
                instance.TryGetProperty("lastExit", out JsonElement exit) ? exit.GetString()! : "-",
            ]);
        }

        int[] widths = [.. Enumerable.Range(0, header.Length).Select(c => rows.Max(r => r[c].Length))];
        foreach (string[] row in rows)
        {
            Console.Out.WriteLine(string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd());
        }

        Console.Out.WriteLine($"supervisor: {status.GetProperty("state").GetString()}");
    }

    private static string Uptime(double seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Floor(seconds));
        return span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes:00}m" : span.TotalMinutes >= 1 ? $"{span.Minutes}m{span.Seconds:00}s" : $"{span.Seconds}s";
    }
}
