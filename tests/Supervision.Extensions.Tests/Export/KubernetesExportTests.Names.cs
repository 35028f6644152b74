using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Supervision.Extensions.Tests.Fakes;

namespace Supervision.Extensions.Tests.Export;

/// <summary>Names Kubernetes accepts, and YAML that loads strictly into the official client's models.</summary>
public sealed partial class KubernetesExportTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task ExportFormationAsync_Kubernetes_LoadsStrictlyIntoTheKubernetesClientModels()
    {
        using IHost host = ExportFixtures.Build();

        string file = Assert.Single(await host.ExportFormationAsync(FormationExportFormat.Kubernetes, _dir.FullName, new FormationExportOptions { AppName = "shop", Image = "registry.example/shop:1.2" }));

        // Strict: a field the models do not know fails the load, so every field written is one Kubernetes has.
        List<object> objects = KubernetesYaml.LoadAllFromString(File.ReadAllText(file), strict: true);
        V1Deployment[] deployments = [.. objects.Select(o => Assert.IsType<V1Deployment>(o))];
        Assert.Equal(["shop-worker", "shop-web", "shop-clock"], deployments.Select(static d => d.Metadata.Name));
        Assert.Equal([3, 2, 1], deployments.Select(static d => d.Spec.Replicas ?? -1));
        Assert.All(deployments, static d => Assert.Equal(d.Spec.Selector.MatchLabels, d.Spec.Template.Metadata.Labels));
        V1Container web = Assert.Single(deployments[1].Spec.Template.Spec.Containers);
        Assert.Equal(["--process-type", "web", "--Supervision:Formation=web=1"], web.Args);
        Assert.Equal(5100, Assert.Single(web.Ports).ContainerPort);
        Assert.True(deployments[0].Spec.Template.Spec.TerminationGracePeriodSeconds >= 13);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task ExportFormationAsync_Kubernetes_TwoTypesOnOneDeploymentName_AreRefusedNamingBoth_AndNothingIsWritten()
    {
        HostApplicationBuilder builder = TestHosts.Builder();
        builder.Services.AddSingleton<RunLog>();
        builder.AddProcessType<IdleWorker>("worker_a");
        builder.AddProcessType<IdleWorker>("worker-a");
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.ExportFormationAsync(FormationExportFormat.Kubernetes, _dir.FullName, new FormationExportOptions { AppName = "shop" }));

        Assert.Equal("Process types 'worker_a' and 'worker-a' would both be the Deployment 'shop-worker-a': rename one of them.", error.Message);
        Assert.Empty(_dir.GetFileSystemInfos());
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task ExportFormationAsync_Kubernetes_ANameLongerThanADnsLabel_IsRefused_EveryProblemOnItsOwnLine()
    {
        string longName = new('w', 300);
        HostApplicationBuilder builder = TestHosts.Builder();
        builder.Services.AddSingleton<RunLog>();
        builder.AddProcessType<IdleWorker>(longName);
        builder.AddProcessType<IdleWorker>("_private");
        using IHost host = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.ExportFormationAsync(FormationExportFormat.Kubernetes, _dir.FullName, new FormationExportOptions { AppName = "shop" }));

        string[] lines = error.Message.Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("The Deployment name of process type 'www", lines[0], StringComparison.Ordinal);
        Assert.Contains("would have 305 characters, more than the 63 Kubernetes allows", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"The process type name '{longName}' cannot be a Kubernetes label value", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("The process type name '_private' cannot be a Kubernetes label value", lines[2], StringComparison.Ordinal);
        Assert.Empty(_dir.GetFileSystemInfos());
    }
}
