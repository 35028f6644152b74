using System.Globalization;
using Supervision.Extensions.Tests.EndToEnd;

namespace Supervision.Extensions.Tests.Packaging;

/// <summary>
/// The packages as users get them: packed to a folder feed, referenced by version from a worker project that
/// never sees this repository's sources, and the runner installed as a dotnet tool.
/// </summary>
public sealed partial class ConsumerTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("supervision-consumer-");

    // A version of its own, so no package of an earlier run is taken from the NuGet cache.
    private readonly string _version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);

    public void Dispose() => _work.Delete(recursive: true);

    [Fact(Timeout = 600_000)]
    public async Task A_worker_service_built_only_from_the_packages_runs_its_formation_and_stops_on_SIGTERM()
    {
        string feed = await PackAsync("src/Supervision", "src/Supervision.Extensions");
        string consumer = Path.Combine(_work.FullName, "consumer");
        CopyDirectory(Path.Combine(TestChild.RepositoryRoot, "tests", "Consumer"), consumer);
        WriteNuGetConfig(consumer, feed);
        await Dotnet.RunAsync(consumer, "build", "-c", "Release", $"-p:SupervisionVersion={_version}");

        using HostRun host = HostRun.StartDll(Path.Combine(consumer, "bin", "Release", "net10.0", "Consumer.dll"));
        await host.WaitUntilStartedAsync();
        int exitCode = (await host.SignalAndWaitForExitAsync(Posix.SIGTERM)).ExitCode;

        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{host.Output}");
        Assert.Contains("ticker.2 ticking", host.Output, StringComparison.Ordinal);
        Assert.Contains("Started sleeper.1", host.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = 600_000)]
    public async Task The_Procfile_runner_installs_as_a_dotnet_tool_and_prints_its_usage()
    {
        string feed = await PackAsync("src/Supervision", "src/Supervision.Extensions", "samples/ProcfileRunner");
        string tools = Path.Combine(_work.FullName, "tools");
        WriteNuGetConfig(_work.FullName, feed);
        await Dotnet.RunAsync(_work.FullName, "tool", "install", "Supervision.ProcfileRunner", "--version", _version, "--tool-path", tools, "--add-source", feed);

        string usage = await Dotnet.RunAsync(_work.FullName, "exec", Path.Combine(tools, ".store", "supervision.procfilerunner", _version, "supervision.procfilerunner", _version, "tools", "net10.0", "any", "supervise.dll"), "--help");

        Assert.True(File.Exists(Path.Combine(tools, "supervise")));
        Assert.Contains("start", usage, StringComparison.Ordinal);
        Assert.Contains("check", usage, StringComparison.Ordinal);
        Assert.Contains("export", usage, StringComparison.Ordinal);
    }

    private async Task<string> PackAsync(params string[] projects)
    {
        string feed = Path.Combine(_work.FullName, "feed");
        foreach (string project in projects)
        {
            await Dotnet.RunAsync(TestChild.RepositoryRoot, "pack", project, "-c", "Release", "-o", feed, $"-p:Version={_version}");
        }

        return feed;
    }

    // The folder feed comes first; the machine's own sources stay for everything else.
    private static void WriteNuGetConfig(string directory, string feed) =>
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="supervision-under-test" value="{feed}" />
              </packageSources>
            </configuration>
            """);

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
