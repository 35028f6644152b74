namespace Supervision.Extensions.Tests.EndToEnd;

/// <summary>`supervise` given bad arguments: one line naming the argument and its value, exit code 1, no stack trace.</summary>
public sealed partial class ProcfileRunnerTests
{
    [Theory(Timeout = TestTimeouts.Test)]
    [InlineData("TYPE: unknown process type 'wbe' (the Procfile has: web, worker, clock).", "start", "wbe")]
    [InlineData("-m/--formation: unknown process type 'wbe' (the Procfile has: web, worker, clock), was 'wbe=2'.", "start", "-m", "wbe=2")]
    [InlineData("-m/--formation: the count of 'web' must be a whole number from 0 to 10000, was '10001'.", "start", "-m", "web=10001")]
    [InlineData("-m/--formation: 'web' is not TYPE=COUNT (for example web=2,worker=3), was 'web'.", "export", "procfile", "{dir}/out", "-m", "web")]
    [InlineData("-t/--timeout: must be a whole number of seconds from 1 to 86400 (one day), was '0'.", "start", "-t", "0")]
    [InlineData("-t/--timeout: must be a whole number of seconds from 1 to 86400 (one day), was '5000000'.", "start", "-t", "5000000")]
    [InlineData("-p/--port: must be a port from 1 to 65535, was '70000'.", "start", "-p", "70000")]
    [InlineData("-p/--port: must be a port from 1 to 65535, was '-5'.", "start", "-p", "-5")]
    [InlineData("-p/--port: worker.1 would get PORT 65600, above 65535; use a lower base port, was '65500'.", "start", "-p", "65500")]
    [InlineData("--restart: must be always, on-failure or never, was 'sometimes'.", "start", "--restart", "sometimes")]
    [InlineData("--max-restarts: must be -1 (never give up) or a whole number 0 or more, was '-2'.", "start", "--max-restarts", "-2")]
    [InlineData("--restart-window: must be a whole number of seconds from 1 to 86400 (one day), was 'soon'.", "start", "--restart-window", "soon")]
    [InlineData("-f/--procfile: {dir} is a directory, not a Procfile.", "start", "-f", "{dir}")]
    [InlineData("-f/--procfile: {dir}/Nope: no such Procfile.", "check", "-f", "{dir}/Nope")]
    [InlineData("-e/--env: {dir} is a directory, not an env file.", "check", "-e", "{dir}")]
    [InlineData("FORMAT: must be procfile, systemd or kubernetes, was 'upstart'.", "export", "upstart", "{dir}/out")]
    [InlineData("Unrecognized command or argument 'extra'.", "start", "web", "extra")]
    public async Task Supervise_rejects_a_bad_argument_with_one_line_naming_it_and_exit_code_1(string expected, params string[] args)
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "Procfile"), "web: exec sleep 100\nworker: exec sleep 100\nclock: exec sleep 100\n");
        string[] arguments = [.. args.Select(a => a.Replace("{dir}", _dir.FullName, StringComparison.Ordinal))];
        if (!arguments.Contains("-f"))
        {
            arguments = [.. arguments, "-f", Path.Combine(_dir.FullName, "Procfile")];
        }

        using HostRun runner = HostRun.Start("samples/ProcfileRunner", "supervise", arguments);
        int exitCode = await runner.WaitForExitAsync();

        Assert.True(exitCode == 1, $"exit code {exitCode}; output:\n{runner.Output}");
        string[] lines = runner.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("supervise: " + expected.Replace("{dir}", _dir.FullName, StringComparison.Ordinal), lines[0]);
        Assert.All(lines, line => Assert.StartsWith("supervise: ", line, StringComparison.Ordinal));
        Assert.DoesNotContain("Exception", runner.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Supervise_reports_every_bad_argument_at_once()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "Procfile"), "web: exec sleep 100\n");

        using HostRun runner = HostRun.Start(
            "samples/ProcfileRunner", "supervise", "start", "wbe", "-f", Path.Combine(_dir.FullName, "Procfile"), "-t", "0", "-p", "x", "-m", "web=-1");
        int exitCode = await runner.WaitForExitAsync();

        Assert.Equal(1, exitCode);
        Assert.Contains("supervise: TYPE: unknown process type 'wbe'", runner.Output, StringComparison.Ordinal);
        Assert.Contains("supervise: -t/--timeout:", runner.Output, StringComparison.Ordinal);
        Assert.Contains("supervise: -p/--port:", runner.Output, StringComparison.Ordinal);
        Assert.Contains("supervise: -m/--formation: the count of 'web'", runner.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Supervise_check_reports_every_problem_of_the_Procfile_one_line_each()
    {
        string procfile = Path.Combine(_dir.FullName, "Procfile");
        File.WriteAllText(procfile, "web: a\nweb: b\nclock: c\0d\n");

        using HostRun runner = HostRun.Start("samples/ProcfileRunner", "supervise", "check", "-f", procfile);
        int exitCode = await runner.WaitForExitAsync();

        Assert.Equal(1, exitCode);
        Assert.Equal(
            [
                $"supervise: {procfile}:2: the process type 'web' is already declared on line 1; give each line its own name (for example 'web2').",
                $"supervise: {procfile}:3: the line holds a NUL byte; a Procfile is text.",
            ],
            runner.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Supervise_check_reports_every_bad_line_of_the_env_file_one_line_each()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "Procfile"), "web: exec sleep 100\n");
        string env = Path.Combine(_dir.FullName, ".env");
        File.WriteAllText(env, "A=1\nnot a variable\nB=a\0ExecStartPre=/bin/false\n");

        using HostRun runner = HostRun.Start("samples/ProcfileRunner", "supervise", "check", "-f", Path.Combine(_dir.FullName, "Procfile"));
        int exitCode = await runner.WaitForExitAsync();

        Assert.Equal(1, exitCode);
        Assert.Equal(
            [$"supervise: {env}:2: 'not a variable' is not KEY=value.", $"supervise: {env}:3: the line holds a NUL byte; an env file is text."],
            runner.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Supervise_reports_a_bad_Supervision_environment_variable_by_its_key_without_a_stack_trace()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "Procfile"), "web: exec sleep 100\n");

        using HostRun runner = HostRun.Start(
            "samples/ProcfileRunner",
            "supervise",
            start => start.Environment["Supervision__ProcessTypes__web__Backoff__Jitter"] = "1.5",
            "start", "-f", Path.Combine(_dir.FullName, "Procfile"));
        int exitCode = await runner.WaitForExitAsync();

        Assert.True(exitCode == 1, $"exit code {exitCode}; output:\n{runner.Output}");
        Assert.Equal("supervise: Supervision:ProcessTypes:web:Backoff:Jitter: must be between 0 and 1, was '1.5'.", runner.Output.Trim());
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Supervise_help_shows_the_TYPE_of_start_as_optional()
    {
        using HostRun runner = HostRun.Start("samples/ProcfileRunner", "supervise", "--help");
        int exitCode = await runner.WaitForExitAsync();

        Assert.Equal(0, exitCode);
        Assert.Contains("  start [TYPE] ", runner.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("<TYPE>", runner.Output, StringComparison.Ordinal);
    }
}
