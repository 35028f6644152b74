using System.Diagnostics;
using System.Runtime.InteropServices;
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

    [Fact(Timeout = 600_000)]
    public async Task The_README_supervise_start_command_runs_verbatim_and_Ctrl_C_stops_it_gracefully()
    {
        string command = Assert.Single(Blocks("README.md", "sh").SelectMany(static b => b.Split('\n')), static l => l.StartsWith("dotnet run --project samples/ProcfileRunner -- start", StringComparison.Ordinal));

        // In a session of its own, as in a terminal, so that Ctrl+C (SIGINT to the foreground process group) reaches
        // sh, dotnet run and supervise alike.
        var start = new ProcessStartInfo("setsid") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        foreach (string argument in (string[])["/bin/sh", "-c", command])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => Received(e.Data);
        process.ErrorDataReceived += (_, e) => Received(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await started.Task.WaitAsync(TimeSpan.FromMinutes(5));
            Assert.Equal(0, Kill(-process.Id, SIGINT));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        string printed;
        lock (output)
        {
            printed = output.ToString();
        }

        // sh and dotnet run get the SIGINT too and end by it (130, as a terminal shows after Ctrl+C); supervise itself
        // stops every process gracefully first.
        Assert.True(process.ExitCode is 0 or 130, $"'{command}' exited with {process.ExitCode}:\n{printed}");
        Assert.Contains("hello from .env from web.2 on port 5001", printed, StringComparison.Ordinal);
        Assert.Contains("Stopped 3 instance(s) of 2 process type(s)", printed, StringComparison.Ordinal);

        void Received(string? line)
        {
            lock (output)
            {
                output.AppendLine(line);
                string text = output.ToString();
                if (text.Contains("Application started", StringComparison.Ordinal) && text.Contains("hello from .env from web.2", StringComparison.Ordinal) && text.Contains("worker.1: working", StringComparison.Ordinal))
                {
                    started.TrySetResult();
                }
            }
        }
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

    private const int SIGINT = 2;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();
}
