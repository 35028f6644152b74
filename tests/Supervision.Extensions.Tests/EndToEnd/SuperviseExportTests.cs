using Supervision.Extensions.Tests.Export;

namespace Supervision.Extensions.Tests.EndToEnd;

/// <summary>`supervise export` as a user runs it: a real process, a real Procfile, the real systemd-analyze.</summary>
public sealed class SuperviseExportTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("supervise-export-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Supervise_export_systemd_writes_units_of_the_Procfile_that_systemd_analyze_verify_accepts()
    {
        string app = Directory.CreateDirectory(Path.Combine(_dir.FullName, "shop")).FullName;
        File.WriteAllText(Path.Combine(app, "Procfile"), "web: exec sleep 100 \"$PORT\"\nworker: echo \"50% done\" && exec sleep 100\n");
        File.WriteAllText(Path.Combine(app, ".env"), "GREETING='hello from .env'\n");
        string units = Path.Combine(_dir.FullName, "units");

        using HostRun runner = HostRun.Start("samples/ProcfileRunner", "supervise", "export", "systemd", units, "-f", Path.Combine(app, "Procfile"), "-m", "web=2,worker=1", "--restart", "always", "-t", "8");
        int exitCode = await runner.WaitForExitAsync();

        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{runner.Output}");
        Assert.Contains(Path.Combine(units, "shop.target"), runner.Output, StringComparison.Ordinal);
        string target = File.ReadAllText(Path.Combine(units, "shop.target"));
        Assert.Contains("Wants=shop-web@1.service shop-web@2.service shop-worker@1.service\n", target, StringComparison.Ordinal);
        string web = File.ReadAllText(Path.Combine(units, "shop-web@.service"));
        Assert.Contains("Restart=always\n", web, StringComparison.Ordinal);
        Assert.Contains("TimeoutStopSec=8s\n", web, StringComparison.Ordinal);
        Assert.Contains($"WorkingDirectory={app}\n", web, StringComparison.Ordinal);
        Assert.Contains("Environment=\"GREETING=hello from .env\"\n", web, StringComparison.Ordinal);

        (int verified, List<string> problems) = await SystemdAnalyze.VerifyAsync(units, ["shop-web@.service", "shop-worker@.service", "shop.target"]);
        Assert.True(verified == 0 && problems.Count == 0, $"systemd-analyze verify exited with {verified}:\n{string.Join('\n', problems)}");
    }

    [Theory(Timeout = TestTimeouts.Test)]
    [InlineData("web=2", "Wants=shop-web@1.service shop-web@2.service\n")]
    [InlineData("all=2,web=1", "Wants=shop-web@1.service shop-worker@1.service shop-worker@2.service shop-clock@1.service shop-clock@2.service\n")]
    public async Task Supervise_export_gives_the_types_m_does_not_name_0_instances_unless_all_is_given_like_Foreman(string formation, string wants)
    {
        string app = Directory.CreateDirectory(Path.Combine(_dir.FullName, "shop")).FullName;
        File.WriteAllText(Path.Combine(app, "Procfile"), "web: exec sleep 100\nworker: exec sleep 100\nclock: exec sleep 100\n");
        string units = Path.Combine(_dir.FullName, "units");

        using HostRun runner = HostRun.Start("samples/ProcfileRunner", "supervise", "export", "systemd", units, "-f", Path.Combine(app, "Procfile"), "-m", formation);
        int exitCode = await runner.WaitForExitAsync();

        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{runner.Output}");
        Assert.Contains(wants, File.ReadAllText(Path.Combine(units, "shop.target")), StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Supervise_export_systemd_quotes_a_carriage_return_from_env_so_no_directive_is_injected()
    {
        string app = Directory.CreateDirectory(Path.Combine(_dir.FullName, "shop")).FullName;
        File.WriteAllText(Path.Combine(app, "Procfile"), "web: exec sleep 100\n");
        File.WriteAllText(Path.Combine(app, ".env"), "B=\"a\\rExecStartPre=/nonexistent/x\"\n");
        string units = Path.Combine(_dir.FullName, "units");

        using HostRun runner = HostRun.Start("samples/ProcfileRunner", "supervise", "export", "systemd", units, "-f", Path.Combine(app, "Procfile"));
        int exitCode = await runner.WaitForExitAsync();

        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{runner.Output}");
        string[] web = File.ReadAllLines(Path.Combine(units, "shop-web@.service"));
        Assert.Contains("Environment=\"B=a\\rExecStartPre=/nonexistent/x\"", web);
        Assert.DoesNotContain(web, static l => l.StartsWith("ExecStartPre", StringComparison.Ordinal));
        (int verified, List<string> problems) = await SystemdAnalyze.VerifyAsync(units, ["shop-web@.service", "shop.target"]);
        Assert.True(verified == 0 && problems.Count == 0, $"systemd-analyze verify exited with {verified}:\n{string.Join('\n', problems)}");
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Supervise_export_refuses_a_Procfile_in_a_directory_whose_name_holds_a_newline()
    {
        string app = Directory.CreateDirectory(Path.Combine(_dir.FullName, "shop\nExecStartPre=x")).FullName;
        File.WriteAllText(Path.Combine(app, "Procfile"), "web: exec sleep 100\n");
        string units = Path.Combine(_dir.FullName, "units");

        using HostRun runner = HostRun.Start("samples/ProcfileRunner", "supervise", "export", "systemd", units, "-f", Path.Combine(app, "Procfile"), "--app", "shop");
        int exitCode = await runner.WaitForExitAsync();

        Assert.Equal(1, exitCode);
        Assert.Equal(
            $"supervise: Supervision:ProcessTypes:web:WorkingDirectory: must not hold control characters, was '{Procfile.Printable(app)}'.",
            runner.Output.Trim());
        Assert.False(Directory.Exists(units));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Supervise_export_rejects_an_unknown_format()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "Procfile"), "web: exec sleep 100\n");

        using HostRun runner = HostRun.Start("samples/ProcfileRunner", "supervise", "export", "upstart", _dir.FullName, "-f", Path.Combine(_dir.FullName, "Procfile"));
        int exitCode = await runner.WaitForExitAsync();

        Assert.NotEqual(0, exitCode);
        Assert.Contains("upstart", runner.Output, StringComparison.Ordinal);
    }
}
