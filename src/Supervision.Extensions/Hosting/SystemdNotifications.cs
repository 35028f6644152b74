using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Supervision.Extensions.Health;

namespace Supervision.Extensions.Hosting;

/// <summary>
/// When the host itself runs under systemd (it has a <c>NOTIFY_SOCKET</c>): sends <c>STATUS=</c> lines as instances
/// become ready or end (<c>web 2/2 ready, worker 4/4</c>, shown by <c>systemctl status</c>), and, when systemd set
/// <c>WATCHDOG_USEC</c> for this process, <c>WATCHDOG=1</c> every half of it, but only while every supervisor loop
/// answers (<see cref="Supervisor.PingAsync"/>): a host whose loops hang is restarted by systemd. READY=1 stays with
/// <c>UseSystemd()</c>, which sends it once the hosted services, the formation's start among them, have started.
/// Without a <c>NOTIFY_SOCKET</c> it does nothing at all.
/// </summary>
internal sealed partial class SystemdNotifications(Supervisor supervisor, TimeProvider time, ILogger<SystemdNotifications> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _socket;
    private UnixDomainSocketEndPoint? _address;
    private Task _status = Task.CompletedTask;
    private Task _watchdog = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        string? address = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
        if (string.IsNullOrEmpty(address) || !OperatingSystem.IsLinux())
        {
            return Task.CompletedTask;
        }

        // "@name" is a name in the abstract namespace, as systemd writes it.
        _address = new UnixDomainSocketEndPoint(address[0] == '@' ? "\0" + address[1..] : address);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _status = ReportStatusAsync(_stopping.Token);
        if (WatchdogInterval() is { } interval)
        {
            _watchdog = FeedWatchdogAsync(interval, _stopping.Token);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_status, _watchdog).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _socket?.Dispose();
    }

    /// <summary>Half of <c>WATCHDOG_USEC</c>, as <c>sd_watchdog_enabled</c> advises, when it is meant for this process.</summary>
    private static TimeSpan? WatchdogInterval()
    {
        string? pid = Environment.GetEnvironmentVariable("WATCHDOG_PID");
        if (pid is not null && pid != Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
        {
            return null;
        }

        return long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out long microseconds) && microseconds > 0
            ? TimeSpan.FromMicroseconds(microseconds / 2.0)
            : null;
    }

    private async Task ReportStatusAsync(CancellationToken cancellationToken)
    {
        string? last = null;
        try
        {
            // Any event may change the counts (an instance without a probe is ready as it starts); unchanged lines are not sent.
            await foreach (SupervisionEvent _ in supervisor.WatchAsync(cancellationToken).ConfigureAwait(false))
            {
                string status = FormationReadiness.Describe(supervisor.GetStatus());
                if (status != last)
                {
                    last = status;
                    Send("STATUS=" + status);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task FeedWatchdogAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            do
            {
                if (await supervisor.PingAsync(interval, cancellationToken).ConfigureAwait(false))
                {
                    Send("WATCHDOG=1");
                }
                else if (supervisor.GetStatus().State is SupervisorState.Starting or SupervisorState.Running)
                {
                    LogLoopsDidNotAnswer(logger, interval);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void Send(string message)
    {
        try
        {
            _socket!.SendTo(Encoding.UTF8.GetBytes(message), _address!);
        }
        catch (SocketException exception)
        {
            LogNotifyFailed(logger, message, exception.Message);
        }
    }

    [LoggerMessage(110, LogLevel.Warning, "A supervisor loop did not answer within {Interval}: WATCHDOG=1 is not sent", EventName = "WatchdogWithheld")]
    private static partial void LogLoopsDidNotAnswer(ILogger logger, TimeSpan interval);

    [LoggerMessage(111, LogLevel.Debug, "Could not send {Message} to NOTIFY_SOCKET: {Error}", EventName = "NotifyFailed")]
    private static partial void LogNotifyFailed(ILogger logger, string message, string error);
}
