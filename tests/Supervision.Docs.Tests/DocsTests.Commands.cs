using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Supervision.Docs.Tests;

/// <summary>The docs stand on their own in a clone, and the README's `supervise` commands run as written.</summary>
public sealed partial class DocsTests
{
    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Documents))]
    public void Every_document_stands_on_its_own_every_relative_link_resolving_in_the_repository(string document)
    {
        string text = File.ReadAllText(Path.Combine(Root, document));

        Assert.DoesNotContain("../shared", text, StringComparison.Ordinal);
        Assert.DoesNotContain("DESIGN.md", text, StringComparison.Ordinal);
        foreach (Match link in Link().Matches(text))
        {
            string target = link.Groups["target"].Value.Split('#')[0];
            if (target.Length == 0 || target.Contains("://", StringComparison.Ordinal))
            {
                continue;
            }

            string path = Path.GetFullPath(target, Path.GetDirectoryName(Path.Combine(Root, document))!);
            Assert.True(File.Exists(path) || Directory.Exists(path), $"{document}: the link '{link.Value}' leads nowhere.");
        }
    }

    [Fact(Timeout = 600_000)]
    public async Task The_README_supervise_check_and_export_commands_run_verbatim_from_the_repository_root()
    {
        string[] commands = [.. Blocks("README.md", "sh")
            .SelectMany(static b => b.Split('\n'))
            .Where(static l => l.StartsWith("dotnet run --project samples/ProcfileRunner -- check", StringComparison.Ordinal)
                || l.StartsWith("dotnet run --project samples/ProcfileRunner -- export", StringComparison.Ordinal))];
        Assert.Equal(2, commands.Length);

        foreach (string command in commands)
        {
            (int exitCode, string output) = await ShAsync(command);
            Assert.True(exitCode == 0, $"'{command}' exited with {exitCode}:\n{output}");
            Assert.DoesNotContain("warning", output, StringComparison.OrdinalIgnoreCase);
        }

        Assert.True(File.Exists("/tmp/shop-units/shop.target"));
        Directory.Delete("/tmp/shop-units", recursive: true);
    }

    /// <summary>Runs <paramref name="command"/> as a user would paste it (a trailing comment included) in the repository root.</summary>
    private static async Task<(int ExitCode, string Output)> ShAsync(string command)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return (process.ExitCode, await output + await error);
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();
}
