using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Supervision.Extensions.Tests.Fakes;

namespace Supervision.Extensions.Tests.Export;

/// <summary>No value written into a unit can start a directive of its own: each is quoted so systemd reads it back, or refused.</summary>
public sealed partial class SystemdExportTests
{
    /// <summary>Every C0 control character but NUL, DEL, the C1 controls and the Unicode line and paragraph separators.</summary>
    private static readonly char[] Controls = [.. Enumerable.Range(1, 31).Append(0x7f).Concat(Enumerable.Range(0x80, 32)).Append(0x2028).Append(0x2029).Select(static c => (char)c)];

    private static readonly string[] Directives =
    [
        "Description", "PartOf", "StartLimitIntervalSec", "StartLimitBurst", "Type", "WorkingDirectory", "Environment", "ExecStart", "Restart",
        "RestartSec", "RestartSteps", "RestartMaxDelaySec", "TimeoutStopSec", "KillMode", "KillSignal", "Wants", "WantedBy",
    ];

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task ExportFormationAsync_Systemd_EveryControlCharacterInEveryFreeField_IsQuoted_NoDirectiveIsInjected_AndSystemdAnalyzeVerifyAccepts()
    {
        HostApplicationBuilder builder = TestHosts.Builder();
        builder.Services.AddSingleton<RunLog>();
        builder.AddProcessType<IdleWorker>("worker");
        builder.AddChildProcessType("web", "/bin/echo", [.. Controls.Select(static c => $"a{c}ExecStartPre=/bin/false")], o =>
        {
            foreach (char c in Controls)
            {
                o.Environment[$"V{(int)c:x4}"] = $"a{c}ExecStartPre=/bin/false";
            }
        });
        using IHost host = builder.Build();

        await host.ExportFormationAsync(FormationExportFormat.Systemd, _dir.FullName, new FormationExportOptions
        {
            AppName = "shop",
            HostCommand = ["/usr/bin/env", "shop"],
            ProcessTypeArguments = [.. Controls.Select(static c => $"--x={c}ExecStartPre=/bin/false")],
        });

        foreach (string file in Directory.EnumerateFiles(_dir.FullName, "*", SearchOption.AllDirectories))
        {
            foreach (string line in File.ReadAllLines(file))
            {
                Assert.True(
                    line.Length == 0 || line[0] is '#' or '[' || Directives.Any(d => line.StartsWith(d + "=", StringComparison.Ordinal)),
                    $"{Path.GetFileName(file)}: a line that is no directive of the export: {Procfile.Printable(line)}");
                Assert.DoesNotContain(line, c => char.IsControl(c) || c is '\u2028' or '\u2029');
            }
        }

        string[] web = File.ReadAllLines(Path.Combine(_dir.FullName, "shop-web@.service"));
        Assert.Equal(Controls.Length + 1, web.Count(static l => l.StartsWith("Environment=", StringComparison.Ordinal)));   // and PS
        Assert.Contains("Environment=\"V000a=a\\nExecStartPre=/bin/false\"", web);
        Assert.Contains("Environment=\"V0001=a\\x01ExecStartPre=/bin/false\"", web);
        Assert.Single(web, static l => l.StartsWith("ExecStart=", StringComparison.Ordinal));
        (int exitCode, List<string> problems) = await SystemdAnalyze.VerifyAsync(_dir.FullName, ["shop-worker@.service", "shop-web@.service", "shop.target"]);
        Assert.True(exitCode == 0 && problems.Count == 0, $"systemd-analyze verify exited with {exitCode}:\n{string.Join('\n', problems)}");
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task ExportFormationAsync_Systemd_NulInAnEnvironmentValue_FailsValidation_AndWritesNothing()
    {
        HostApplicationBuilder builder = TestHosts.Builder();
        builder.AddChildProcessType("web", "/bin/echo", [], o => o.Environment["B"] = "a\0ExecStartPre=/nonexistent/x");
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.ExportFormationAsync(FormationExportFormat.Systemd, _dir.FullName));

        Assert.Equal("Supervision:ProcessTypes:web:Environment:B: an environment variable cannot hold a NUL character, was 'a\\u0000ExecStartPre=/nonexistent/x'.", Assert.Single(error.Failures));
        Assert.Empty(_dir.GetFileSystemInfos());
    }

    [Theory(Timeout = TestTimeouts.Test)]
    [InlineData("argument")]
    [InlineData("host argument")]
    public async Task ExportFormationAsync_Systemd_NulInACommandLine_IsRefusedNamingTheType_AndWritesNothing(string where)
    {
        HostApplicationBuilder builder = TestHosts.Builder();
        builder.Services.AddSingleton<RunLog>();
        builder.AddProcessType<IdleWorker>("worker");
        builder.AddChildProcessType("web", "/bin/echo", [where == "argument" ? "a\0b" : "ok"]);
        using IHost host = builder.Build();
        var options = new FormationExportOptions { AppName = "shop", HostCommand = ["/usr/bin/env", "shop"], ProcessTypeArguments = [where == "argument" ? "ok" : "a\0b"] };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.ExportFormationAsync(FormationExportFormat.Systemd, _dir.FullName, options));

        Assert.Equal($"The command line of '{(where == "argument" ? "web" : "worker")}' holds a NUL character, which a systemd unit cannot express: 'a\\u0000b'.", error.Message);
        Assert.Empty(_dir.GetFileSystemInfos());
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task ExportFormationAsync_Systemd_AWorkingDirectoryWithANewline_IsRefused_AndWritesNothing()
    {
        HostApplicationBuilder builder = TestHosts.Builder();
        builder.Services.AddSingleton<RunLog>();
        builder.AddProcessType<IdleWorker>("worker");
        using IHost host = builder.Build();
        var options = new FormationExportOptions { AppName = "shop", WorkingDirectory = "/srv/a\nExecStartPre=/bin/false" };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.ExportFormationAsync(FormationExportFormat.Systemd, _dir.FullName, options));

        Assert.Equal("The working directory of 'worker' cannot be written into a systemd unit (control characters or surrounding spaces): '/srv/a\\u000aExecStartPre=/bin/false'.", error.Message);
        Assert.Empty(_dir.GetFileSystemInfos());
    }

    public static TheoryData<int> EveryControlCharacter() => [.. Enumerable.Range(0, 32).Append(0x7f).Concat(Enumerable.Range(0x80, 32)).Append(0x2028).Append(0x2029)];

    [Theory(Timeout = TestTimeouts.Test)]
    [MemberData(nameof(EveryControlCharacter))]
    public async Task ExportFormationAsync_Systemd_AControlCharacterInANameCommandOrDirectory_IsRefused_AndNothingIsWritten(int code)
    {
        // Where the character can only be refused: a variable's name, the command, the working directory.
        char c = (char)code;
        HostApplicationBuilder builder = TestHosts.Builder();
        builder.Services.AddSingleton<RunLog>();
        builder.AddProcessType<IdleWorker>("worker");
        if (char.IsControl(c))
        {
            builder.AddChildProcessType("name", "/bin/echo", [], o => o.Environment[$"A{c}B"] = "x");
            builder.AddChildProcessType("command", $"/bin/echo{c}", []);
        }

        using IHost host = builder.Build();
        var options = new FormationExportOptions { AppName = "shop", WorkingDirectory = $"/srv/a{c}b", HostCommand = ["/usr/bin/env", "shop"] };

        Exception error = await Assert.ThrowsAnyAsync<Exception>(() => host.ExportFormationAsync(FormationExportFormat.Systemd, _dir.FullName, options));

        if (char.IsControl(c))
        {
            string[] failures = [.. Assert.IsType<OptionsValidationException>(error).Failures];
            Assert.Contains(failures, static f => f.StartsWith("Supervision:ProcessTypes:name:Environment: 'A", StringComparison.Ordinal));
            Assert.Contains(failures, static f => f.StartsWith("Supervision:ProcessTypes:command:Command: must not hold control characters", StringComparison.Ordinal));
        }
        else
        {
            // U+2028 and U+2029 are no control characters to .NET, but a line break to many readers: the directory is refused.
            Assert.Equal($"The working directory of 'worker' cannot be written into a systemd unit (control characters or surrounding spaces): '/srv/a{c}b'.", error.Message);
        }

        Assert.Empty(_dir.GetFileSystemInfos());
    }
}
