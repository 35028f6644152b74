using System.Text.Json;
using System.Text.RegularExpressions;
using Supervision.Extensions.Tests.EndToEnd;

namespace Supervision.Extensions.Tests.Packaging;

/// <summary>The README's Quick start, as a user copies it into a new worker project that uses the packages.</summary>
public sealed partial class ConsumerTests
{
    /// <summary>A new worker project, as <c>dotnet new worker</c> makes one, on the first 10.0 release of Microsoft.Extensions.</summary>
    private const string WorkerProject = """
        <Project Sdk="Microsoft.NET.Sdk.Worker">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Microsoft.Extensions.Hosting" Version="10.0.0" />
            <PackageReference Include="Supervision.Extensions" Version="$(SupervisionVersion)" />
          </ItemGroup>
        </Project>
        """;

    [Fact(Timeout = 600_000)]
    public async Task The_README_quick_start_builds_and_runs_as_a_new_worker_project_with_no_mixed_Microsoft_Extensions_versions()
    {
        string readme = File.ReadAllText(Path.Combine(TestChild.RepositoryRoot, "README.md"));
        int start = readme.IndexOf("## Quick start", StringComparison.Ordinal);
        string section = readme[start..readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal)];
        MatchCollection blocks = Fence().Matches(section);
        string feed = await PackAsync("src/Supervision", "src/Supervision.Extensions");
        string app = Directory.CreateDirectory(Path.Combine(_work.FullName, "quickstart")).FullName;
        File.WriteAllText(Path.Combine(app, "QuickStart.csproj"), WorkerProject);
        File.WriteAllText(Path.Combine(app, "Program.cs"), string.Join('\n', blocks.Where(static b => b.Groups["language"].Value == "csharp").Select(static b => b.Groups["code"].Value)));
        File.WriteAllText(Path.Combine(app, "appsettings.json"), blocks.Single(static b => b.Groups["language"].Value == "json").Groups["code"].Value);
        WriteNuGetConfig(app, feed);

        await Dotnet.RunAsync(app, "build", "-c", "Release", $"-p:SupervisionVersion={_version}");
        string output = Path.Combine(app, "bin", "Release", "net10.0");
        using HostRun host = HostRun.StartDll(Path.Combine(output, "QuickStart.dll"));
        await host.WaitForOutputAsync(static o => o.Contains("clock: clock.1 Running", StringComparison.Ordinal));
        int exitCode = (await host.SignalAndWaitForExitAsync(Posix.SIGTERM)).ExitCode;

        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{host.Output}");
        Assert.Contains("worker: worker.1 Running, worker.2 Running, worker.3 Running, worker.4 Running", host.Output, StringComparison.Ordinal);
        Assert.Contains("worker.4 takes jobs", host.Output, StringComparison.Ordinal);

        // The packages ask for no Microsoft.Extensions package newer than the application's own.
        using JsonDocument deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "QuickStart.deps.json")));
        string[] versions = [.. deps.RootElement.GetProperty("libraries").EnumerateObject()
            .Where(static l => l.Name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal))
            .Select(static l => l.Name[(l.Name.IndexOf('/', StringComparison.Ordinal) + 1)..])
            .Distinct()];
        Assert.Equal(["10.0.0"], versions);
    }

    [GeneratedRegex(@"^```(?<language>\w+)\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();
}
