using System.Globalization;
using System.Text.RegularExpressions;

namespace Supervision.Extensions.Tests.EndToEnd;

/// <summary>The `supervise` Procfile runner as a user runs it: a real process, a real Procfile, a real SIGTERM.</summary>
public sealed partial class ProcfileRunnerTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("supervise-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Supervise_start_runs_the_formation_with_PORT_PS_and_env_then_stops_on_SIGTERM_leaving_no_process()
    {
        string child = $"exec dotnet {TestChild.Dll}";
        File.WriteAllText(Path.Combine(_dir.FullName, "Procfile"), $"# two types\nweb: {child} env PID PORT PS GREETING\nworker: {child} env PID PORT PS GREETING\n");
        File.WriteAllText(Path.Combine(_dir.FullName, ".env"), "GREETING='hello from .env'\n");

        using HostRun runner = HostRun.Start("samples/ProcfileRunner", "supervise", "start", "-f", Path.Combine(_dir.FullName, "Procfile"), "-m", "web=2,worker=3");
        await runner.WaitForOutputAsync(o => ReadyLine().Count(o) == 5);

        (string Name, string Port)[] instances = [.. Variable("PORT").Select(m => (m.Groups["name"].Value, m.Groups["value"].Value)).Order()];
        Assert.Equal([("web.1", "5000"), ("web.2", "5001"), ("worker.1", "5100"), ("worker.2", "5101"), ("worker.3", "5102")], instances);
        Assert.All(Variable("PS"), m => Assert.Equal(m.Groups["name"].Value, m.Groups["value"].Value));
        Assert.All(Variable("GREETING"), m => Assert.Equal("hello from .env", m.Groups["value"].Value));
        int[] pids = [.. Variable("PID").Select(m => int.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture))];
        Assert.All(pids, pid => Assert.True(ProcFs.IsAlive(pid)));

        Assert.Equal(0, Posix.Kill(runner.Pid, Posix.SIGTERM));
        int exitCode = await runner.WaitForExitAsync();

        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{runner.Output}");
        Assert.All(pids, pid => Assert.False(ProcFs.IsAlive(pid), $"pid {pid} outlived supervise"));
        Assert.Equal(5, Regex.Count(runner.Output, @"\| stopping"));

        // Each stop is logged by its instance's name, then one line sums the stop up.
        Assert.Equal(["web.1", "web.2", "worker.1", "worker.2", "worker.3"], Regex.Matches(runner.Output, @"Stopped (?<name>\S+)$", RegexOptions.Multiline).Select(m => m.Groups["name"].Value).Order());
        Assert.Matches(@"Stopped 5 instance\(s\) of 2 process type\(s\) in \d+ ms", runner.Output);

        IEnumerable<Match> Variable(string name) =>
            Regex.Matches(runner.Output, $@"^\d\d:\d\d:\d\d (?<name>\S+)\s+\| {name}=(?<value>.*)$", RegexOptions.Multiline);
    }

    [Theory(Timeout = TestTimeouts.Test)]
    [InlineData("web=2", "web.1 web.2")]
    [InlineData("all=2,web=1", "web.1 worker.1 worker.2 clock.1 clock.2")]
    [InlineData("worker=0,all=1", "web.1 clock.1")]
    public async Task Supervise_start_gives_the_types_m_does_not_name_0_instances_unless_all_is_given_like_Foreman(string formation, string expected)
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "Procfile"), "web: exec sleep 100\nworker: exec sleep 100\nclock: exec sleep 100\n");

        using HostRun runner = HostRun.Start("samples/ProcfileRunner", "supervise", "start", "-f", Path.Combine(_dir.FullName, "Procfile"), "-m", formation);
        await runner.WaitUntilStartedAsync();

        // The initial formation has started when the host says so: every instance that runs has logged its start.
        Assert.Equal(expected.Split(' ').Order(), StartedLine().Matches(runner.Output).Select(m => m.Groups["name"].Value).Order());
        Assert.Equal(0, Posix.Kill(runner.Pid, Posix.SIGTERM));
        Assert.Equal(0, await runner.WaitForExitAsync());
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Supervise_start_with_restart_never_stops_everything_when_one_process_exits()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "Procfile"), $"long: exec dotnet {TestChild.Dll} sleep\nshort: exec dotnet {TestChild.Dll} exit 4 500\n");

        using HostRun runner = HostRun.Start("samples/ProcfileRunner", "supervise", "start", "-f", Path.Combine(_dir.FullName, "Procfile"), "--restart", "never");
        int exitCode = await runner.WaitForExitAsync();

        // The child's own exit code, as the significant process that ended the formation.
        Assert.True(exitCode == 4, $"exit code {exitCode}; output:\n{runner.Output}");
        Assert.Matches(@"long\.1\s+\| stopping", runner.Output);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Supervise_check_warns_of_a_line_Foreman_ignores_by_its_number_and_does_not_run_it()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "Procfile"), "web: ./server\nthis line is wrong\n");

        using HostRun runner = HostRun.Start("samples/ProcfileRunner", "supervise", "check", "-f", Path.Combine(_dir.FullName, "Procfile"));
        int exitCode = await runner.WaitForExitAsync();

        Assert.Equal(0, exitCode);
        Assert.Contains(":2: ignored, as Foreman ignores it: 'this line is wrong' is not 'name: command'", runner.Output, StringComparison.Ordinal);
        Assert.Contains("valid procfile detected (web)", runner.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Supervise_check_reports_a_missing_procfile_by_its_path()
    {
        string missing = Path.Combine(_dir.FullName, "Nope");

        using HostRun runner = HostRun.Start("samples/ProcfileRunner", "supervise", "check", "-f", missing);
        int exitCode = await runner.WaitForExitAsync();

        Assert.Equal(1, exitCode);
        Assert.Contains(missing, runner.Output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"Started (?<name>\S+) \(restarts: 0\)")]
    private static partial Regex StartedLine();

    [GeneratedRegex(@"\| ready$", RegexOptions.Multiline)]
    private static partial Regex ReadyLine();
}
