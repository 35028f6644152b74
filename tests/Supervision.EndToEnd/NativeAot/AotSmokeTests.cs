using System.Diagnostics;
using Supervision.EndToEnd.Fakes;

namespace Supervision.EndToEnd.NativeAot;

/// <summary>
/// The libraries under Native AOT: tests/Supervision.AotSmoke, published with PublishAot, runs an in-process type
/// that fails once and a child type bound from configuration, restarts the first, and exits 0 on SIGTERM.
/// .ci/run publishes it before the tests; this test publishes it itself when it is missing or older than the
/// libraries it was built from (a few minutes: clang and zlib1g-dev must be installed).
/// </summary>
public sealed class AotSmokeTests
{
    private static readonly string Folder = Path.Combine(RepositoryLayout.Root, "tests", "Supervision.AotSmoke");
    private static readonly string Executable = Path.Combine(Folder, "bin", "aot", "Supervision.AotSmoke");

    [Fact(Timeout = 15 * 60_000)]
    public async Task A_Native_AOT_host_starts_restarts_and_exits_0_on_SIGTERM()
    {
        await PublishUnlessCurrentAsync();
        string marker = "aot-smoke-" + Guid.NewGuid().ToString("N");
        using HostRun host = HostRun.Native(Executable, Repository.Child("kid", "/bin/sh", "-c", "echo kid ready; sleep 1000", marker));

        await host.WaitForLineAsync("Started worker.1 (restarts: 1)");
        await host.WaitForLineAsync("kid.1 | kid ready");
        (int exitCode, _) = await host.SignalAndWaitForExitAsync(Posix.SIGTERM);

        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{host.Output}");
        Assert.Contains("worker.1 failed", host.Output, StringComparison.Ordinal);
        Assert.Empty(ProcFs.WithMarker(marker));
    }

    private static async Task PublishUnlessCurrentAsync()
    {
        DateTime built = new[] { typeof(Supervisor).Assembly.Location, typeof(SupervisionOptions).Assembly.Location, Path.Combine(Folder, "Program.cs") }
            .Max(File.GetLastWriteTimeUtc);
        if (File.Exists(Executable) && File.GetLastWriteTimeUtc(Executable) >= built)
        {
            return;
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryLayout.Root,
        };
        // Its own obj and bin folders (--artifacts-path): a restore for one runtime must not overwrite the shared
        // obj/project.assets.json of the libraries while other tests build them for none.
        string[] arguments = ["publish", Folder, "-c", "Release", "--use-current-runtime", "--artifacts-path", Path.Combine(Folder, "bin", "aot-build"), "-o", Path.GetDirectoryName(Executable)!, "--nologo"];
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process publish = Process.Start(start)!;
        Task<string> output = publish.StandardOutput.ReadToEndAsync();
        Task<string> errors = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(publish.ExitCode == 0, $"dotnet publish {Folder} failed ({publish.ExitCode}):\n{await output}\n{await errors}");
    }
}
