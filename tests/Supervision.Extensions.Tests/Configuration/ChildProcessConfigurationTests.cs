using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Supervision.Extensions.Tests.Fakes;

namespace Supervision.Extensions.Tests.Configuration;

public sealed class ChildProcessConfigurationTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_type_configured_only_in_appsettings_with_a_Command_runs_as_a_child_process()
    {
        HostApplicationBuilder builder = TestHosts.Builder(
            ("Supervision:ProcessTypes:echo:Command", "/bin/sh"),
            ("Supervision:ProcessTypes:echo:Arguments:0", "-c"),
            ("Supervision:ProcessTypes:echo:Arguments:1", "echo \"$GREETING from $PS\"; exit 7"),
            ("Supervision:ProcessTypes:echo:Environment:GREETING", "hello"),
            ("Supervision:ProcessTypes:echo:Restart", "Never"));
        var logs = new RecordingLoggerProvider();
        builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Information);
        builder.Services.AddSupervision();
        using IHost host = builder.Build();

        await host.StartAsync();
        LogEntry line = await logs.WaitForLineAsync("Supervision.echo", "hello from echo.1");
        await logs.WaitForAsync(e => e.Message.StartsWith("echo.1 failed", StringComparison.Ordinal));
        await host.StopAsync();

        Assert.Equal(LogLevel.Information, line.Level);
        ProcessTypeStatus echo = host.Status().ProcessTypes.Single();
        Assert.Equal("echo", echo.Name);
        Assert.Equal(7, echo.Instances.Single().LastExit!.Value.ExitCode);
    }

    [Fact]
    public void Configured_Arguments_replace_the_code_defaults_rather_than_append_to_them()
    {
        HostApplicationBuilder builder = TestHosts.Builder(("Supervision:ProcessTypes:web:Arguments:0", "--from-config"));
        builder.AddChildProcessType("web", "/bin/echo", ["--from-code", "x"], o => o.Count = 2);
        using IHost host = builder.Build();

        ProcessTypeOptions web = host.Services.GetRequiredService<IOptions<SupervisionOptions>>().Value.ProcessTypes["web"];

        Assert.Equal(["--from-config"], web.Arguments);
        Assert.Equal("/bin/echo", web.Command);
        Assert.Equal(2, web.Count);
    }

    [Theory(Timeout = TestTimeouts.Test)]
    [InlineData("Supervision:ProcessTypes:web:Command", "nodee", "Supervision:ProcessTypes:web:Command: The command 'nodee' was not found on PATH")]
    [InlineData("Supervision:ProcessTypes:web:Command", "/etc/no-such-file", "Supervision:ProcessTypes:web:Command: The command '/etc/no-such-file' does not exist")]
    [InlineData("Supervision:ProcessTypes:web:WorkingDirectory", "/no/such/place", "Supervision:ProcessTypes:web:WorkingDirectory: The working directory '/no/such/place'")]
    [InlineData("Supervision:ProcessTypes:web:StopSignal", "SIGNOPE", "Supervision:ProcessTypes:web:StopSignal: must be a signal name such as SIGTERM, TERM or INT, or its number, was 'SIGNOPE'")]
    [InlineData("Supervision:ProcessTypes:web:Command", "/etc", "Supervision:ProcessTypes:web:Command: '/etc' (/etc) is a directory, not a program.")]
    [InlineData("Supervision:ProcessTypes:web:Command", "/bin/sleep\n", "Supervision:ProcessTypes:web:Command: must not hold control characters, was '/bin/sleep\\u000a'.")]
    [InlineData("Supervision:ProcessTypes:web:Output", "7", "Supervision:ProcessTypes:web:Output: must be Log, Prefix or Inherit, was '7'.")]
    [InlineData("Supervision:ProcessTypes:web:Environment:A=B", "x", "Supervision:ProcessTypes:web:Environment:A=B: 'A=B' is not an environment variable name (no '=', no control characters).")]
    [InlineData("Supervision:ProcessTypes:web:Environment:A", "a\0b", "Supervision:ProcessTypes:web:Environment:A: an environment variable cannot hold a NUL character, was 'a\\u0000b'.")]
    [InlineData("Supervision:ProcessTypes:web:Port", "65535", "Supervision:ProcessTypes:web:Port: web.2 would get PORT 65536, above 65535, was '65535'.")]
    [InlineData("Supervision:PortBase", "65500", "Supervision:PortBase: worker2.2 would get PORT 65701, above 65535, was '65500'.")]
    [InlineData("Supervision:PortBase", "70000", "Supervision:PortBase: must be a port from 1 to 65535, was '70000'.")]
    [InlineData("Supervision:ProcessTypes:worker:Command", "/bin/true", "Supervision:ProcessTypes:worker:Command: 'worker' is an in-process type; it cannot have a Command, was '/bin/true'")]
    public async Task Invalid_child_process_configuration_fails_host_start_naming_key_and_value(string key, string value, string expected)
    {
        HostApplicationBuilder builder = TestHosts.Builder((key, value));
        builder.Services.AddSingleton<RunLog>();
        builder.AddChildProcessType("web", "/bin/sleep", ["1"], o => o.Count = 2);
        builder.AddProcessType<IdleWorker>("worker");
        builder.AddChildProcessType("worker2", "/bin/sleep", ["1"], o => o.Count = 2);
        using IHost host = builder.Build();

        OptionsValidationException error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.StartsWith(expected, Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task AddProcfile_line_Foreman_ignores_is_not_run_and_is_logged_as_a_warning_at_start_then_the_stop_is_summed_up()
    {
        string directory = Directory.CreateTempSubdirectory("procfile-warning-").FullName;
        string procfile = Path.Combine(directory, "Procfile");
        File.WriteAllText(procfile, "web: exec sleep 100\n  worker: exec sleep 100\n");
        HostApplicationBuilder builder = TestHosts.Builder();
        var logs = new RecordingLoggerProvider();
        builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.AddProcfile(procfile);
        using IHost host = builder.Build();

        await host.StartAsync();
        SupervisorStatus status = host.Status();
        await host.StopAsync();
        Directory.Delete(directory, recursive: true);

        Assert.Equal(["web"], status.ProcessTypes.Select(static t => t.Name));
        LogEntry warning = Assert.Single(logs.Entries, static e => e.Level == LogLevel.Warning);
        Assert.Equal($"{procfile}:2: ignored, as Foreman ignores it: '  worker: exec sleep 100' is not 'name: command' with the name at the start of the line.", warning.Message);
        Assert.Contains(logs.Entries, static e => e.Level == LogLevel.Debug && e.Message == "Stopped web.1");
        Assert.Matches(@"^Stopped 1 instance\(s\) of 1 process type\(s\) in \d+ ms$", Assert.Single(logs.Entries, static e => e.Message.StartsWith("Stopped 1 ", StringComparison.Ordinal)).Message);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public void AddProcfile_duplicate_name_fails_at_registration_naming_both_lines()
    {
        string procfile = Path.GetTempFileName();
        File.WriteAllText(procfile, "web: ./server\n\nweb: ./other\n");

        FormatException error = Assert.Throws<FormatException>(() => new ServiceCollection().AddProcfile(procfile));

        Assert.Contains(":3: the process type 'web' is already declared on line 1", error.Message, StringComparison.Ordinal);
        File.Delete(procfile);
    }
}
