using System.Diagnostics;
using System.Text.Json;

namespace Supervision.Extensions.Tests.EndToEnd;

/// <summary>
/// <c>supervise status | scale | restart | logs | signal</c> against a running <c>supervise start</c>, through the control
/// socket it opens beside the Procfile: real processes, a real socket, a real other user.
/// </summary>
public sealed class SuperviseControlTests : IDisposable
{
    // web traps HUP and says so; its wait is interrupted at once by a trapped signal (the sleep dies of it).
    private const string Procfile =
        "web: trap 'echo \"$PS got HUP\"' HUP; echo \"hello from $PS\"; while :; do sleep 60 & wait $!; done\n"
        + "worker: echo \"working in $PS\"; exec sleep 60\n";

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("supervise-ctl-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Socket => Path.Combine(_dir.FullName, ".supervise.sock");

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Supervise_status_lists_every_instance_of_a_running_supervise_start()
    {
        using HostRun runner = await StartAsync();

        (int exitCode, string output) = await SuperviseAsync("status", "--procfile", Path.Combine(_dir.FullName, "Procfile"));

        Assert.True(exitCode == 0, output);
        string[] rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME\s+STATE\s+PID\s+RESTARTS\s+UPTIME\s+LAST EXIT$", rows[0]);
        Assert.Equal(["web.1", "web.2", "worker.1"], rows[1..4].Select(r => r.Split(' ')[0]));
        Assert.All(rows[1..4], r => Assert.Matches(@"^\S+\s+Running\s+\d+\s+0\s+\d+s", r));
        Assert.Equal("supervisor: Running", rows[4]);
        await StopAsync(runner);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Supervise_restart_web_2_restarts_exactly_that_one()
    {
        using HostRun runner = await StartAsync();
        JsonElement[] before = await InstancesAsync();

        (int exitCode, string output) = await SuperviseAsync("restart", "web.2", "-s", Socket);

        Assert.True(exitCode == 0, output);
        JsonElement[] after = await InstancesAsync();
        Assert.Equal([0, 1, 0], after.Select(i => i.GetProperty("restarts").GetInt32()));
        Assert.Equal(Pid(before[0]), Pid(after[0]));
        Assert.NotEqual(Pid(before[1]), Pid(after[1]));
        Assert.Equal(Pid(before[2]), Pid(after[2]));
        Assert.All(after, i => Assert.Equal("Running", i.GetProperty("state").GetString()));
        await StopAsync(runner);

        static int Pid(JsonElement instance) => instance.GetProperty("pid").GetInt32();
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Supervise_scale_signal_and_logs_follow_act_on_the_running_formation()
    {
        using HostRun runner = await StartAsync();
        using HostRun follower = HostRun.Start("samples/ProcfileRunner", "supervise", "logs", "web.1", "-f", "-s", Socket);
        await follower.WaitForOutputAsync(o => o.Contains("web.1 | hello from web.1", StringComparison.Ordinal));

        (int signalled, string signalOutput) = await SuperviseAsync("signal", "web.1", "HUP", "-s", Socket);
        (int scaled, string scaleOutput) = await SuperviseAsync("scale", "worker=2", "-s", Socket);

        Assert.True(signalled == 0, signalOutput);
        await follower.WaitForOutputAsync(o => o.Contains("web.1 | web.1 got HUP", StringComparison.Ordinal));
        Assert.True(scaled == 0, scaleOutput);
        Assert.Matches(@"worker\.2\s+Running", scaleOutput);
        (int logged, string logs) = await SuperviseAsync("logs", "worker", "-s", Socket);
        Assert.True(logged == 0, logs);
        Assert.Contains("worker.2 | working in worker.2", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("web.", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("web.2 got HUP", follower.Output, StringComparison.Ordinal);
        await StopAsync(runner);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task The_socket_is_0600_and_a_connection_from_another_user_is_refused()
    {
        using HostRun runner = await StartAsync();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Socket));

        // The file's mode keeps another user out before the socket hears of it.
        (int denied, string deniedOutput) = await AsNobodyAsync();
        Assert.NotEqual(0, denied);
        Assert.Contains("Permission denied", deniedOutput, StringComparison.Ordinal);

        // Opened up by mistake, the socket still refuses them, by the peer's user id (SO_PEERCRED).
        File.SetUnixFileMode(_dir.FullName, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(Socket, (UnixFileMode)0b110_110_110);
        (int refused, string refusedOutput) = await AsNobodyAsync();
        Assert.True(refused == 0, refusedOutput);
        Assert.Contains("\"ok\":false", refusedOutput, StringComparison.Ordinal);
        Assert.Contains("refused", refusedOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("instances", refusedOutput, StringComparison.Ordinal);
        await runner.WaitForOutputAsync(o => o.Contains("refused a connection from user id 65534", StringComparison.Ordinal));
        await StopAsync(runner);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_second_supervise_start_is_refused_while_the_first_runs_and_a_stale_socket_is_replaced()
    {
        using HostRun first = await StartAsync();

        using (HostRun second = HostRun.Start("samples/ProcfileRunner", "supervise", "start", "-f", Path.Combine(_dir.FullName, "Procfile")))
        {
            Assert.Equal(1, await second.WaitForExitAsync());
            Assert.Contains("another supervise is running here", second.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("hello from", second.Output, StringComparison.Ordinal);
        }

        // Killed, the first leaves its socket behind; nobody answers there, so the next start takes the place.
        Assert.Equal(0, Posix.Kill(first.Pid, Posix.SIGKILL));
        await first.WaitForExitAsync();
        Assert.True(File.Exists(Socket));
        using HostRun third = await StartAsync();
        (int exitCode, string output) = await SuperviseAsync("status", "-s", Socket);
        Assert.True(exitCode == 0, output);
        await StopAsync(third);
        Assert.False(File.Exists(Socket), "the socket outlived its supervise");
    }

    private async Task<HostRun> StartAsync()
    {
        string procfile = Path.Combine(_dir.FullName, "Procfile");
        File.WriteAllText(procfile, Procfile);
        HostRun runner = HostRun.Start("samples/ProcfileRunner", "supervise", "start", "-f", procfile, "-m", "web=2,worker=1");
        await runner.WaitUntilStartedAsync();
        await runner.WaitForOutputAsync(o => o.Contains("hello from web.2", StringComparison.Ordinal) && o.Contains("hello from web.1", StringComparison.Ordinal));
        return runner;
    }

    private static async Task StopAsync(HostRun runner)
    {
        Assert.Equal(0, Posix.Kill(runner.Pid, Posix.SIGTERM));
        Assert.Equal(0, await runner.WaitForExitAsync());
    }

    private static async Task<(int ExitCode, string Output)> SuperviseAsync(params string[] args)
    {
        using HostRun command = HostRun.Start("samples/ProcfileRunner", "supervise", args);
        int exitCode = await command.WaitForExitAsync();
        return (exitCode, command.Output);
    }

    private async Task<JsonElement[]> InstancesAsync()
    {
        (int exitCode, string output) = await SuperviseAsync("status", "--json", "-s", Socket);
        Assert.True(exitCode == 0, output);
        using JsonDocument status = JsonDocument.Parse(output);
        return [.. status.RootElement.GetProperty("status").GetProperty("instances").EnumerateArray().Select(static i => i.Clone())];
    }

    /// <summary>Asks for the status as user nobody, with the system's python (readable by every user).</summary>
    private async Task<(int ExitCode, string Output)> AsNobodyAsync()
    {
        var start = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in (string[])[
            "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c",
            "import socket, sys\ns = socket.socket(socket.AF_UNIX)\ns.connect(sys.argv[1])\ns.sendall(b'{\"command\":\"status\"}\\n')\nprint(s.makefile().read())",
            Socket])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TestTimeouts.Wait);
        return (process.ExitCode, await output + await error);
    }
}
