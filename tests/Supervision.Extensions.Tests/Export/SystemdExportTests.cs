using Microsoft.Extensions.Hosting;

namespace Supervision.Extensions.Tests.Export;

public sealed partial class SystemdExportTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("export-systemd-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task ExportFormationAsync_Systemd_WritesUnitsThatSystemdAnalyzeVerifyAccepts()
    {
        using IHost host = ExportFixtures.Build();

        IReadOnlyList<string> files = await host.ExportFormationAsync(FormationExportFormat.Systemd, _dir.FullName, new FormationExportOptions { AppName = "shop" });

        Assert.Equal(
            ["shop-clock@.service", "shop-clock@1.service.d/port.conf", "shop-web@.service", "shop-web@1.service.d/port.conf", "shop-web@2.service.d/port.conf", "shop-worker@.service", "shop.target"],
            files.Select(f => Path.GetRelativePath(_dir.FullName, f)).Order(StringComparer.Ordinal));
        (int exitCode, List<string> problems) = await SystemdAnalyze.VerifyAsync(_dir.FullName, ["shop-worker@.service", "shop-web@.service", "shop-clock@.service", "shop.target"]);
        Assert.True(exitCode == 0 && problems.Count == 0, $"systemd-analyze verify exited with {exitCode}:\n{string.Join('\n', problems)}");
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task ExportFormationAsync_Systemd_MapsPoliciesTimeoutsSignalsAndTheFormation()
    {
        using IHost host = ExportFixtures.Build();

        await host.ExportFormationAsync(FormationExportFormat.Systemd, _dir.FullName, new FormationExportOptions { AppName = "shop", HostCommand = ["/usr/bin/env", "shop"] });

        string[] target = Lines("shop.target");
        Assert.Contains("Wants=shop-worker@1.service shop-worker@2.service shop-worker@3.service shop-web@1.service shop-web@2.service shop-clock@1.service", target);

        string[] worker = Lines("shop-worker@.service");
        Assert.Contains("ExecStart=/usr/bin/env shop --process-type worker --Supervision:Formation=worker=1", worker);
        Assert.Contains("Restart=always", worker);
        Assert.Contains("RestartSec=100ms", worker);
        Assert.Contains("RestartSteps=9", worker);
        Assert.Contains("RestartMaxDelaySec=30s", worker);
        Assert.Contains("TimeoutStopSec=17500ms", worker);   // 12.5 s for the worker, 5 s for the host's own exit
        Assert.Contains("KillMode=control-group", worker);
        Assert.Contains("StartLimitIntervalSec=30s", worker);
        Assert.Contains("StartLimitBurst=5", worker);
        Assert.Contains("Environment=PS=worker.%i", worker);
        Assert.DoesNotContain(worker, l => l.StartsWith("Environment=PORT", StringComparison.Ordinal));

        string[] web = Lines("shop-web@.service");
        Assert.Contains($"ExecStart=/bin/sh -c \"exec sleep 100 \\\"$$PORT\\\"\"", web);
        Assert.Contains("Environment=\"GREETING=50%% of \\\"$HOME\\\" isn't C:\\\\temp\"", web);
        Assert.Contains("Restart=on-failure", web);
        Assert.Contains("TimeoutStopSec=7s", web);
        Assert.Contains("KillSignal=SIGINT", web);
        Assert.Contains("Environment=PORT=5101", Lines("shop-web@2.service.d/port.conf"));   // web is the second type: 5000 + 100 + 1

        string[] clock = Lines("shop-clock@.service");
        Assert.Contains("Restart=no", clock);
        Assert.DoesNotContain(clock, l => l.StartsWith("RestartMaxDelaySec=", StringComparison.Ordinal));
        Assert.Contains("Environment=PORT=5200", Lines("shop-clock@1.service.d/port.conf"));

        string[] Lines(string file) => File.ReadAllLines(Path.Combine(_dir.FullName, file));
    }
}
