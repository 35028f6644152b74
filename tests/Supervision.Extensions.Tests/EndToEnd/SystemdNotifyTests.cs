using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Supervision.Extensions.Tests.EndToEnd;

/// <summary>
/// A real host under <c>AddSystemd()</c>/<c>UseSystemd()</c> reporting to a real <c>NOTIFY_SOCKET</c> datagram socket.
/// </summary>
public sealed class SystemdNotifyTests
{
    // STATUS= lines and watchdog pings, set aside by ReceiveAsync: they come between the others at their own pace.
    private readonly List<string> _statusLines = [];
    private int _watchdogPings;

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task READY_is_sent_only_after_every_initial_instance_has_started_and_STOPPING_on_stop_with_STATUS_lines_and_watchdog_pings_meanwhile()
    {
        DirectoryInfo dir = Directory.CreateTempSubdirectory("supervision-notify-");
        try
        {
            string socketPath = Path.Combine(dir.FullName, "notify");
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Bind(new UnixDomainSocketEndPoint(socketPath));

            // SystemdHelpers.IsSystemdService() in .NET 10 is true only when the parent process is named "systemd"
            // (or the process is PID 1 with NOTIFY_SOCKET or LISTEN_PID set): NOTIFY_SOCKET or INVOCATION_ID alone do
            // not count. So the host runs under a shell started through a link named "systemd".
            string systemd = Path.Combine(dir.FullName, "systemd");
            File.CreateSymbolicLink(systemd, "/bin/sh");
            using HostRun host = HostRun.Start(
                "tests/Supervision.TestHost",
                "Supervision.TestHost",
                start => UnderFakeSystemd(start, systemd, socketPath),
                "--Supervision:Only=sleeper,gated",
                "--Supervision:Formation=sleeper=2,gated=2",
                "--TestHost:Notify=true");

            // gated.1 is being started and holds the start of the formation until the gate opens.
            Assert.Equal("X-GATED=1", await ReceiveAsync(socket, host));
            await host.WriteLineAsync("open");

            // Datagrams arrive in the order they were sent: READY=1 only after the last instance got through its start.
            string[] expected = ["X-GATE-PASSED=1", "X-GATED=1", "X-GATE-PASSED=1", "READY=1"];
            foreach (string message in expected)
            {
                Assert.Equal(message, await ReceiveAsync(socket, host));
            }

            await host.WaitUntilStartedAsync();

            // Lines in between may be skipped when the counts move faster than they are read: the last one says it all.
            while (!_statusLines.Contains("STATUS=sleeper 2/2 ready, gated 2/2") || _watchdogPings == 0)
            {
                _ = await ReceiveAsync(socket, host, untilAny: true);
            }
            foreach (string instance in new[] { "sleeper.1", "sleeper.2", "gated.1", "gated.2" })
            {
                Assert.Contains("Started " + instance, host.Output, StringComparison.Ordinal);
            }

            await host.WriteLineAsync("stop");
            Assert.Equal("STOPPING=1", await ReceiveAsync(socket, host));
            int exitCode = await host.WaitForExitAsync();
            Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{host.Output}");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static void UnderFakeSystemd(ProcessStartInfo start, string systemd, string socketPath)
    {
        // sh -c '"$0" "$@"; exit $?' dotnet host.dll args…: the shell stays the parent (no exec of the last command).
        start.ArgumentList.Insert(0, start.FileName);
        start.ArgumentList.Insert(0, "\"$0\" \"$@\"; exit $?");
        start.ArgumentList.Insert(0, "-c");
        start.FileName = systemd;
        start.Environment["NOTIFY_SOCKET"] = socketPath;
        start.Environment["WATCHDOG_USEC"] = "400000";
    }

    /// <summary>The next datagram that is not a status line or a watchdog ping (with <paramref name="untilAny"/>, the next one).</summary>
    private async Task<string> ReceiveAsync(Socket socket, HostRun host, bool untilAny = false)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        try
        {
            while (true)
            {
                int length = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                string message = Encoding.ASCII.GetString(buffer, 0, length).TrimEnd('\n');
                if (message.StartsWith("STATUS=", StringComparison.Ordinal))
                {
                    _statusLines.Add(message);
                }
                else if (message == "WATCHDOG=1")
                {
                    _watchdogPings++;
                }
                else if (!untilAny)
                {
                    return message;
                }

                if (untilAny)
                {
                    return message;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("no notification; output:\n" + host.Output);
            throw;
        }
    }
}
