using Supervision.EndToEnd.Fakes;

namespace Supervision.EndToEnd.Output;

/// <summary>R18: a host started with its stdout closed drops what would go there, says so once, and no child blocks.</summary>
public sealed class ClosedOutputTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task R18_with_the_hosts_stdout_closed_Prefix_and_Inherit_children_run_to_the_end_and_one_warning_says_why()
    {
        // Issue 14: "supervise start >&-": fd 1 was reused by a runtime pipe and a child blocked on its first write
        // forever. 100,000 lines are far more than a pipe holds: a child that cannot write would never exit.
        using HostRun host = HostRun.TestHost(TimeSpan.Zero, CloseStandardOutput, [
            "--Supervision:Only=prefixed,inherited",
            "--Logging:Console:LogToStandardErrorThreshold=Trace",
            "--Supervision:ProcessTypes:prefixed:Output=Prefix",
            "--Supervision:ProcessTypes:prefixed:Restart=Never",
            "--Supervision:ProcessTypes:inherited:Output=Inherit",
            "--Supervision:ProcessTypes:inherited:Restart=Never",
            .. Repository.ChildType("prefixed", "lines", "100000"),
            .. Repository.ChildType("inherited", "lines", "100000")]);

        HostRun.Line prefixed = await host.WaitForLineAsync("prefixed.1 exited");
        HostRun.Line inherited = await host.WaitForLineAsync("inherited.1 exited");
        host.Signal(Posix.SIGTERM);
        int exitCode = await host.WaitForExitAsync();

        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{host.Output}");
        Assert.Contains("Completed", prefixed.Text, StringComparison.Ordinal);
        Assert.Contains("Completed", inherited.Text, StringComparison.Ordinal);
        Assert.Single(host.Lines(), l => l.Text.Contains("started with its stdout closed", StringComparison.Ordinal));
        Assert.DoesNotContain("Reading the output", host.Output, StringComparison.Ordinal);
        Figures.Report("R18", $"host stdout closed: a Prefix and an Inherit child of 100,000 lines each exited 0 in {Figures.Ms(prefixed.At)} / {Figures.Ms(inherited.At)}; 1 warning");
    }

    // The host is started through /bin/sh with fd 1 closed: "exec env … >&-".
    private static void CloseStandardOutput(System.Diagnostics.ProcessStartInfo start)
    {
        string[] command = [start.FileName, .. start.ArgumentList];
        start.FileName = "/bin/sh";
        start.ArgumentList.Clear();
        foreach (string argument in (string[])["-c", "exec \"$@\" >&-", "sh", .. command])
        {
            start.ArgumentList.Add(argument);
        }
    }
}
