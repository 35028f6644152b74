using Supervision.EndToEnd.Fakes;

namespace Supervision.EndToEnd.Containment;

/// <summary>R13: a host run by systemd keeps systemd's messages to itself; its children do not speak in its name.</summary>
public sealed class EnvironmentTests
{
    private static readonly string[] HostOnly = ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES"];

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task R13_children_do_not_inherit_the_hosts_notify_watchdog_and_socket_activation_variables_but_get_configured_ones()
    {
        using HostRun host = HostRun.TestHost(TimeSpan.Zero, start =>
            {
                foreach (string name in HostOnly)
                {
                    start.Environment[name] = "host-" + name;
                }

                start.Environment["R13_INHERITED"] = "kept";
            },
            [
                "--Supervision:Only=plain,configured",
                "--Supervision:ProcessTypes:configured:Environment:LISTEN_FDNAMES=chosen",
                .. Repository.ChildType("plain", ["env", .. HostOnly, "R13_INHERITED"]),
                .. Repository.ChildType("configured", "env", "LISTEN_FDNAMES", "NOTIFY_SOCKET")]);
        await host.WaitForLineAsync("Application started");
        // Each child prints its variables, then "ready": after two of those, every line is in.
        await host.WaitForLineAsync(l => l.EndsWith(" ready", StringComparison.Ordinal));
        int first = host.Lines().FindIndex(l => l.Text.EndsWith(" ready", StringComparison.Ordinal));
        await host.WaitForLineAsync(l => l.EndsWith(" ready", StringComparison.Ordinal), first + 1);

        host.Signal(Posix.SIGTERM);
        Assert.Equal(0, await host.WaitForExitAsync());

        string[] lines = [.. host.Lines().Select(l => l.Text)];
        Assert.DoesNotContain(lines, l => l.Contains("=host-", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("R13_INHERITED=kept", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("LISTEN_FDNAMES=chosen", StringComparison.Ordinal));
        Assert.Equal(HostOnly.Length + 1, lines.Count(l => HostOnly.Any(n => l.EndsWith(n + "=", StringComparison.Ordinal))));
        Figures.Report("R13", $"{HostOnly.Length} systemd variables set on the host: 0 reached a child; 1 set in a type's Environment reached it");
    }
}
