using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Supervision.Extensions.Tests.Fakes;

namespace Supervision.Extensions.Tests.Export;

/// <summary>Readiness and liveness in exported units: systemd's notify protocol and watchdog, Kubernetes probes.</summary>
public sealed class ProbeExportTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("export-probes-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task ExportFormationAsync_Systemd_ASignalTypeIsTypeNotify_AHeartbeatTypeHasAWatchdog_AndSystemdAnalyzeVerifyAccepts()
    {
        using IHost host = Build();

        await host.ExportFormationAsync(FormationExportFormat.Systemd, _dir.FullName, new FormationExportOptions { AppName = "shop", HostCommand = ["/usr/bin/env", "shop"] });

        string[] db = Lines("shop-db@.service");
        Assert.Contains("Type=notify", db);
        Assert.Contains("NotifyAccess=all", db);
        Assert.Contains("TimeoutStartSec=30s", db);
        Assert.Contains("WatchdogSec=500ms", db);
        string[] web = Lines("shop-web@.service");
        Assert.Contains("Type=simple", web);
        Assert.DoesNotContain(web, l => l.StartsWith("NotifyAccess=", StringComparison.Ordinal) || l.StartsWith("WatchdogSec=", StringComparison.Ordinal));
        (int exitCode, List<string> problems) = await SystemdAnalyze.VerifyAsync(_dir.FullName, ["shop-db@.service", "shop-web@.service", "shop.target"]);
        Assert.True(exitCode == 0 && problems.Count == 0, $"systemd-analyze verify exited with {exitCode}:\n{string.Join('\n', problems)}");

        string[] Lines(string file) => File.ReadAllLines(Path.Combine(_dir.FullName, file));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task ExportFormationAsync_Kubernetes_TcpAndHttpProbesBecomeReadinessStartupAndLivenessProbes_ThatLoadStrictly()
    {
        using IHost host = Build();

        string file = Assert.Single(await host.ExportFormationAsync(FormationExportFormat.Kubernetes, _dir.FullName, new FormationExportOptions { AppName = "shop" }));

        V1Deployment[] deployments = [.. KubernetesYaml.LoadAllFromString(File.ReadAllText(file), strict: true).Select(o => Assert.IsType<V1Deployment>(o))];
        V1Container db = Assert.Single(deployments[0].Spec.Template.Spec.Containers);
        Assert.Null(db.ReadinessProbe);
        Assert.Null(db.LivenessProbe);

        V1Container web = Assert.Single(deployments[1].Spec.Template.Spec.Containers);
        Assert.Equal("/healthz", web.ReadinessProbe.HttpGet.Path);
        Assert.Equal("8080", web.ReadinessProbe.HttpGet.Port.Value);
        Assert.Equal(1, web.ReadinessProbe.PeriodSeconds);            // 200 ms rounds up to the one second Kubernetes counts
        Assert.Equal(20, web.StartupProbe.FailureThreshold);          // a 20 s readiness timeout, one try a second
        Assert.Equal("8080", web.LivenessProbe.TcpSocket.Port.Value);
        Assert.Equal(5, web.LivenessProbe.PeriodSeconds);
        Assert.Equal(4, web.LivenessProbe.FailureThreshold);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task ExportFormationAsync_Kubernetes_ATypeWithoutAProbeOfItsOwnIsProbedAtTheHostsHealthEndpoints_AndMinReadyIsMinReadySeconds()
    {
        using IHost host = Build(withWorker: true);
        var options = new FormationExportOptions { AppName = "shop", HealthPort = 8081, ReadinessPath = "/healthz/ready", LivenessPath = "/healthz/live" };

        string file = Assert.Single(await host.ExportFormationAsync(FormationExportFormat.Kubernetes, _dir.FullName, options));

        V1Deployment[] deployments = [.. KubernetesYaml.LoadAllFromString(File.ReadAllText(file), strict: true).Select(o => Assert.IsType<V1Deployment>(o))];
        V1Container worker = Assert.Single(deployments[2].Spec.Template.Spec.Containers);
        Assert.Equal("/healthz/ready", worker.ReadinessProbe.HttpGet.Path);
        Assert.Equal("8081", worker.ReadinessProbe.HttpGet.Port.Value);
        Assert.Equal("/healthz/ready", worker.StartupProbe.HttpGet.Path);
        Assert.Equal(60, worker.StartupProbe.FailureThreshold);      // the default 60 s readiness timeout
        Assert.Equal("/healthz/live", worker.LivenessProbe.HttpGet.Path);
        Assert.Equal([8081], worker.Ports.Select(p => p.ContainerPort));

        // A child without a probe of its own is asked through its host too; one with its own keeps them.
        V1Container db = Assert.Single(deployments[0].Spec.Template.Spec.Containers);
        Assert.Equal("/healthz/ready", db.ReadinessProbe.HttpGet.Path);
        V1Container web = Assert.Single(deployments[1].Spec.Template.Spec.Containers);
        Assert.Equal("/healthz", web.ReadinessProbe.HttpGet.Path);
        Assert.Equal("8080", web.LivenessProbe.TcpSocket.Port.Value);
        Assert.Equal([8080, 8081], web.Ports.Select(p => p.ContainerPort));

        // MinReady 2.5 s: Kubernetes counts whole seconds.
        Assert.Equal(3, deployments[1].Spec.MinReadySeconds);
        Assert.Null(deployments[2].Spec.MinReadySeconds);
    }

    [Theory(Timeout = TestTimeouts.Test)]
    [InlineData(null, "/healthz/ready", "FormationExportOptions.HealthPort: needed by ReadinessPath and LivenessPath, the port the host serves them on.")]
    [InlineData(8081, null, "FormationExportOptions.HealthPort: names no endpoint; set ReadinessPath, LivenessPath or both.")]
    [InlineData(70000, "/ready", "FormationExportOptions.HealthPort: must be between 1 and 65535, was 70000.")]
    [InlineData(8081, "healthz", "FormationExportOptions.ReadinessPath: must be an absolute path such as /healthz/ready, without spaces, was 'healthz'.")]
    public async Task ExportFormationAsync_HealthEndpointsThatCannotWork_FailNamingTheOption(int? port, string? readinessPath, string expected)
    {
        using IHost host = Build();
        var options = new FormationExportOptions { AppName = "shop", HealthPort = port, ReadinessPath = readinessPath };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => host.ExportFormationAsync(FormationExportFormat.Kubernetes, _dir.FullName, options));

        Assert.Equal(expected + " (Parameter 'export')", error.Message);
        Assert.Empty(_dir.GetFiles());
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task ExportFormationAsync_Kubernetes_AMinReadyOfTenMinutesOrMoreGetsAProgressDeadlineBeyondIt()
    {
        HostApplicationBuilder builder = TestHosts.Builder();
        builder.AddChildProcessType("web", "/bin/sleep", ["100"], o => o.Readiness.MinReady = TimeSpan.FromMinutes(15));
        using IHost host = builder.Build();

        string file = Assert.Single(await host.ExportFormationAsync(FormationExportFormat.Kubernetes, _dir.FullName, new FormationExportOptions { AppName = "shop" }));

        // The API server refuses progressDeadlineSeconds (600 by default) that is not above minReadySeconds.
        V1Deployment web = Assert.IsType<V1Deployment>(Assert.Single(KubernetesYaml.LoadAllFromString(File.ReadAllText(file), strict: true)));
        Assert.Equal(900, web.Spec.MinReadySeconds);
        Assert.Equal(1500, web.Spec.ProgressDeadlineSeconds);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task ExportFormationAsync_AHealthPortThatIsAChildsPort_FailsNamingTheType()
    {
        using IHost host = Build();
        var options = new FormationExportOptions { AppName = "shop", HealthPort = 8080, ReadinessPath = "/ready" };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => host.ExportFormationAsync(FormationExportFormat.Kubernetes, _dir.FullName, options));

        Assert.StartsWith("FormationExportOptions.HealthPort: 8080 is also the port of process type 'web'", error.Message, StringComparison.Ordinal);
    }

    private static IHost Build(bool withWorker = false)
    {
        HostApplicationBuilder builder = TestHosts.Builder();
        builder.AddChildProcessType("db", "/bin/sleep", ["100"], o =>
        {
            o.Readiness.Probe = ReadinessProbe.Signal;
            o.Readiness.Timeout = TimeSpan.FromSeconds(30);
            o.Liveness.Probe = LivenessProbe.Heartbeat;
            o.Liveness.Timeout = TimeSpan.FromMilliseconds(500);
        });
        builder.AddChildProcessType("web", "/bin/sleep", ["100"], o =>
        {
            o.Port = 8080;
            o.Readiness.Probe = ReadinessProbe.Http;
            o.Readiness.Path = "/healthz";
            o.Readiness.Timeout = TimeSpan.FromSeconds(20);
            o.Liveness.Probe = LivenessProbe.Tcp;
            o.Liveness.Interval = TimeSpan.FromSeconds(5);
            o.Liveness.FailureThreshold = 4;
            o.Readiness.MinReady = TimeSpan.FromMilliseconds(2500);
        });
        if (withWorker)
        {
            builder.Services.AddSingleton<RunLog>();
            builder.AddProcessType<IdleWorker>("worker");
        }

        return builder.Build();
    }
}
