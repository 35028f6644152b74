using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Supervision.Extensions.Tests.Fakes;
using YamlDotNet.RepresentationModel;

namespace Supervision.Extensions.Tests.Export;

public sealed partial class KubernetesExportTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("export-k8s-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task ExportFormationAsync_Kubernetes_WritesOneDeploymentPerTypeThatAYamlParserReads()
    {
        using IHost host = ExportFixtures.Build();

        IReadOnlyList<string> files = await host.ExportFormationAsync(FormationExportFormat.Kubernetes, _dir.FullName, new FormationExportOptions { AppName = "Shop_App", Image = "registry.example/shop:1.2" });

        var yaml = new YamlStream();
        using (var reader = new StreamReader(Assert.Single(files)))
        {
            yaml.Load(reader);
        }

        Assert.Equal(["shop-app-worker", "shop-app-web", "shop-app-clock"], yaml.Documents.Select(d => Scalar(d.RootNode, "metadata", "name")));
        Assert.All(yaml.Documents, d => Assert.Equal("Deployment", Scalar(d.RootNode, "kind")));
        Assert.All(yaml.Documents, d => Assert.Equal("registry.example/shop:1.2", Scalar(Container(d), "image")));
        Assert.Equal(["3", "2", "1"], yaml.Documents.Select(d => Scalar(d.RootNode, "spec", "replicas")));

        // At least StopTimeout (12.5 s, 7 s, the default 10 s) in whole seconds.
        int[] grace = [.. yaml.Documents.Select(d => int.Parse(Scalar(d.RootNode, "spec", "template", "spec", "terminationGracePeriodSeconds"), System.Globalization.CultureInfo.InvariantCulture))];
        Assert.True(grace[0] >= 13 && grace[1] >= 7 && grace[2] >= 10, string.Join(", ", grace));

        Assert.Equal(["--process-type", "web", "--Supervision:Formation=web=1"], ((YamlSequenceNode)Container(yaml.Documents[1])["args"]).Select(a => ((YamlScalarNode)a).Value));
        Assert.Equal(Scalar(yaml.Documents[1].RootNode, "spec", "selector", "matchLabels", "app.kubernetes.io/component"), Scalar(yaml.Documents[1].RootNode, "spec", "template", "metadata", "labels", "app.kubernetes.io/component"));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task TheExportedArguments_RunExactlyOneInstanceOfOneType_ThroughTheCommandLineProvider()
    {
        HostApplicationBuilder builder = TestHosts.Builder(("Supervision:Formation", "idle=3,other=2"));
        builder.Configuration.AddCommandLine([.. new FormationExportOptions().ProcessTypeArguments.Select(a => a.Replace(FormationExportOptions.TypePlaceholder, "idle", StringComparison.Ordinal))]);
        builder.Services.AddSingleton<RunLog>();
        builder.AddProcessType<IdleWorker>("idle");
        builder.AddProcessType<IdleWorker>("other");
        using IHost host = builder.Build();

        await host.StartAsync();

        ProcessTypeStatus type = Assert.Single(host.Status().ProcessTypes);
        Assert.Equal("idle", type.Name);
        Assert.Equal([1], type.Instances.Select(i => i.Instance));
        await host.StopAsync();
    }

    private static YamlMappingNode Container(YamlDocument document) =>
        (YamlMappingNode)((YamlSequenceNode)Node(document.RootNode, "spec", "template", "spec", "containers"))[0];

    private static string Scalar(YamlNode node, params string[] path) => ((YamlScalarNode)Node(node, path)).Value!;

    private static YamlNode Node(YamlNode node, params string[] path) =>
        path.Aggregate(node, static (current, key) => ((YamlMappingNode)current)[key]);
}
