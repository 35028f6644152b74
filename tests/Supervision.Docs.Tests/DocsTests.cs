using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Supervision.Docs.Tests;

/// <summary>The docs cannot rot: their C# is compiled, their JSON is real configuration.</summary>
public sealed partial class DocsTests
{
    public static TheoryData<string> Documents() => [.. DocumentPaths().Select(p => Path.GetRelativePath(Root, p))];

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_csharp_block_is_quoted_from_a_compiled_snippet(string document)
    {
        string[] snippets = [.. Directory.EnumerateFiles(Path.Combine(Root, "docs", "snippets"), "*.cs", SearchOption.AllDirectories).Select(f => Normalize(File.ReadAllText(f)))];

        foreach (string block in Blocks(document, "csharp"))
        {
            // A blank line separates pieces that may stand in different places of a snippet (a method body, a class).
            foreach (string piece in block.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
            {
                string quoted = Normalize(piece);
                Assert.True(snippets.Any(s => s.Contains(quoted, StringComparison.Ordinal)), $"{document}: this code is in no file of docs/snippets:\n{piece}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_json_block_is_valid_and_its_Supervision_keys_exist(string document)
    {
        foreach (string block in Blocks(document, "json"))
        {
            using JsonDocument json = JsonDocument.Parse(block);
            if (!json.RootElement.TryGetProperty("Supervision", out _))
            {
                continue;
            }

            // Bound the way the library binds it: an unknown key or unconvertible value fails here.
            HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Configuration.AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(block)));
            builder.Services.AddSupervision();
            using IHost host = builder.Build();
            try
            {
                _ = host.Services.GetRequiredService<IOptions<SupervisionOptions>>().Value;
            }
            catch (OptionsValidationException e) when (e.Failures.All(f => IsAboutTheMachineOrTheApp(f)))
            {
                // Types the snippet names are not registered here, and its commands need not exist on this machine.
            }
        }
    }

    private static bool IsAboutTheMachineOrTheApp(string failure) =>
        failure.Contains("no process type named", StringComparison.Ordinal)
        || failure.Contains("unknown process type", StringComparison.Ordinal)
        || failure.Contains(":Command:", StringComparison.Ordinal)
        || failure.Contains(":WorkingDirectory:", StringComparison.Ordinal)
        || failure.Contains("no process group named", StringComparison.Ordinal);

    private static string Root => RepositoryLayout.Root;

    private static IEnumerable<string> DocumentPaths() =>
        [Path.Combine(Root, "README.md"), .. Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md")];

    private static IEnumerable<string> Blocks(string document, string language) =>
        Fence().Matches(File.ReadAllText(Path.Combine(Root, document)))
            .Where(m => m.Groups["language"].Value == language)
            .Select(m => m.Groups["code"].Value);

    // Lines trimmed, blank lines dropped: indentation differs between a top-level quote and a method body.
    private static string Normalize(string code) =>
        "\n" + string.Join('\n', code.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)) + "\n";

    [GeneratedRegex(@"^```(?<language>\w+)\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();
}
