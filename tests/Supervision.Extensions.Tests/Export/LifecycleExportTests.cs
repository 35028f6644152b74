using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;

namespace Supervision.Extensions.Tests.Export;

/// <summary>Init steps, exit-code verdicts and lifetimes in the exported units and manifests.</summary>
public sealed class LifecycleExportTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("export-lifecycle-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static IHost Build() => ExportFixtures.Build(
        ("Supervision:ProcessTypes:migrate:Command", "/bin/true"),
        ("Supervision:ProcessTypes:migrate:Readiness:Probe", "Completed"),
        ("Supervision:ProcessTypes:migrate:Restart", "OnFailure"),
        ("Supervision:ProcessTypes:web:SuccessExitCodes:0", "143"),
        ("Supervision:ProcessTypes:web:RestartPreventExitCodes:0", "78"),
        ("Supervision:ProcessTypes:web:RestartPreventExitCodes:1", "79"),
        ("Supervision:ProcessTypes:clock:MaxLifetime", "01:00:00"));

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Systemd_an_init_step_is_a_oneshot_that_what_follows_requires_and_is_ordered_after_and_verdicts_and_lifetimes_map()
    {
        using IHost host = Build();

        await host.ExportFormationAsync(FormationExportFormat.Systemd, _dir.FullName, new FormationExportOptions { AppName = "shop" });

        // migrate is configured only, so it starts after the registered types: only what comes after it waits for it.
        string[] migrate = Lines("shop-migrate@.service");
        Assert.Contains("Type=oneshot", migrate);
        Assert.Contains("RemainAfterExit=yes", migrate);
        Assert.Contains("Restart=on-failure", migrate);
        Assert.DoesNotContain(Lines("shop-worker@.service"), l => l.StartsWith("Requires=", StringComparison.Ordinal));

        string[] web = Lines("shop-web@.service");
        Assert.Contains("SuccessExitStatus=143", web);
        Assert.Contains("RestartPreventExitStatus=78 79", web);
        string[] clock = Lines("shop-clock@.service");
        Assert.Contains("RuntimeMaxSec=3240s", clock);   // 54 min: MaxLifetime less the tenth systemd adds back at random
        Assert.Contains("RuntimeRandomizedExtraSec=360s", clock);

        (int exitCode, List<string> problems) = await SystemdAnalyze.VerifyAsync(_dir.FullName, ["shop-migrate@.service", "shop-web@.service", "shop-clock@.service", "shop.target"]);
        Assert.True(exitCode == 0 && problems.Count == 0, $"systemd-analyze verify exited with {exitCode}:\n{string.Join('\n', problems)}");
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Systemd_a_type_after_an_init_step_requires_every_instance_of_it_and_starts_after_them()
    {
        using IHost host = ExportFixtures.Build(("Supervision:ProcessTypes:zz:Command", "/bin/true"), ("Supervision:ProcessTypes:aa:Command", "/bin/true"),
            ("Supervision:ProcessTypes:aa:Readiness:Probe", "Completed"), ("Supervision:ProcessTypes:aa:Count", "2"));

        await host.ExportFormationAsync(FormationExportFormat.Systemd, _dir.FullName, new FormationExportOptions { AppName = "shop" });

        string[] zz = Lines("shop-zz@.service");
        Assert.Contains("Requires=shop-aa@1.service shop-aa@2.service", zz);
        Assert.Contains("After=shop-aa@1.service shop-aa@2.service", zz);
        (int exitCode, List<string> problems) = await SystemdAnalyze.VerifyAsync(_dir.FullName, ["shop-aa@.service", "shop-zz@.service", "shop.target"]);
        Assert.True(exitCode == 0 && problems.Count == 0, $"systemd-analyze verify exited with {exitCode}:\n{string.Join('\n', problems)}");
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Kubernetes_an_init_step_is_an_init_container_of_every_Deployment_after_it_and_no_Deployment_of_its_own()
    {
        using IHost host = ExportFixtures.Build(("Supervision:ProcessTypes:zz:Command", "/bin/true"), ("Supervision:ProcessTypes:aa:Command", "/bin/true"),
            ("Supervision:ProcessTypes:aa:Readiness:Probe", "Completed"));

        IReadOnlyList<string> files = await host.ExportFormationAsync(FormationExportFormat.Kubernetes, _dir.FullName, new FormationExportOptions { AppName = "shop", Image = "shop:1" });

        V1Deployment[] deployments = [.. KubernetesYaml.LoadAllFromString(File.ReadAllText(Assert.Single(files)), strict: true).Cast<V1Deployment>()];
        Assert.Equal(["shop-worker", "shop-web", "shop-clock", "shop-zz"], deployments.Select(d => d.Metadata.Name));
        Assert.All(deployments[..3], d => Assert.Null(d.Spec.Template.Spec.InitContainers));
        V1Container init = Assert.Single(deployments[3].Spec.Template.Spec.InitContainers);
        Assert.Equal("aa", init.Name);
        Assert.Equal(["--process-type", "aa", "--Supervision:Formation=aa=1"], init.Args);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_host_that_runs_only_init_steps_ends_with_exit_0_once_they_completed_like_an_init_container()
    {
        using IHost host = ExportFixtures.Build(("Supervision:ProcessTypes:aa:Command", "/bin/true"), ("Supervision:ProcessTypes:aa:Readiness:Probe", "Completed"), ("Supervision:Only", "aa"));
        Supervisor supervisor = (Supervisor)host.Services.GetService(typeof(ISupervisor))!;

        await host.StartAsync(TestContext.Current.CancellationToken);
        await supervisor.ShutDown.WaitAsync(TestTimeouts.Wait, TestContext.Current.CancellationToken);

        Assert.Equal(ExitReason.Completed, supervisor.ShutDownExit!.Value.Reason);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    private string[] Lines(string file) => File.ReadAllLines(Path.Combine(_dir.FullName, file));
}
