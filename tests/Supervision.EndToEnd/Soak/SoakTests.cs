using System.Globalization;
using System.Text.RegularExpressions;
using Supervision.EndToEnd.Fakes;

namespace Supervision.EndToEnd.Soak;

/// <summary>
/// R9: restarts by the ten thousand leak nothing: open fds, threads and managed memory of the host are flat.
/// CI runs a short soak; <c>eng/soak.sh</c> runs the full one (RELIABILITY_SOAK_RESTARTS, RELIABILITY_SOAK_CHILD_RESTARTS).
/// </summary>
public sealed partial class SoakTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(30);

    [Fact(Timeout = 3_600_000)]
    public async Task R9_in_process_restarts_leak_no_fd_thread_or_managed_memory()
    {
        int runs = Setting("RELIABILITY_SOAK_RESTARTS", 100_000);

        // Past the one-time loads: after a service's first resolutions, DI compiles its resolver on a background work
        // item, loading System.Reflection.Emit (3 assemblies, 6 fds). At ~1 µs a restart, 1,000 came before that.
        int warmup = Math.Min(10_000, runs / 10);
        using HostRun host = HostRun.TestHost(
            "--Supervision:Only=flapper",
            "--Supervision:MaxRestarts=-1",
            "--Logging:LogLevel:Supervision=Warning",
            $"--TestHost:SoakWarmup={warmup}",
            $"--TestHost:SoakRuns={runs}");
        Probe start = Probe.Parse(await host.WaitForLineAsync($"probe soak restarts={warmup} ", within: Long));
        Probe end = Probe.Parse(await host.WaitForLineAsync($"probe soak restarts={runs} ", within: Long));

        host.Signal(Posix.SIGTERM);
        int exitCode = await host.WaitForExitAsync();

        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{host.Output}");
        AssertFlat(start, end);
        double perSecond = (runs - warmup) / (end.At - start.At).TotalSeconds;
        Figures.Report("R9", $"{runs:N0} in-process restarts ({perSecond:N0}/s): at {warmup:N0} {start}; at {runs:N0} {end}");
    }

    [Fact(Timeout = 3_600_000)]
    public async Task R9_child_restarts_leak_no_fd_thread_or_managed_memory_and_leave_no_zombie()
    {
        int runs = Setting("RELIABILITY_SOAK_CHILD_RESTARTS", 300);
        int warmup = Math.Min(20, runs / 10);
        string counter = Path.Combine(Path.GetTempPath(), "reliability-r9-" + Guid.NewGuid().ToString("N"));

        // Each run counts itself in a file and exits at once; the last one stays up, so the end is measured at rest.
        string script = $"c=$(($(cat {counter} 2>/dev/null || echo 0) + 1)); echo $c > {counter}; echo \"blink $c\"; [ $c -ge {runs} ] && exec sleep 1000; exit 0";
        try
        {
            using HostRun host = HostRun.TestHost([
                "--Supervision:Only=blink",
                "--Supervision:MaxRestarts=-1",
                "--Supervision:ProcessTypes:blink:Backoff:Initial=00:00:00",
                "--Logging:LogLevel:Supervision=Warning",
                "--Logging:LogLevel:Supervision.blink=Information",
                .. Repository.Child("blink", "/bin/sh", "-c", script)]);
            await host.WaitForLineAsync($"blink {warmup}", within: Long);
            await host.WriteLineAsync("probe start");
            Probe start = Probe.Parse(await host.WaitForLineAsync("probe start ", within: Long));
            await host.WaitForLineAsync(l => l.EndsWith($"blink {runs}", StringComparison.Ordinal), within: Long);

            // The last run is up and quiet once no output follows a probe taken after its line.
            await host.WriteLineAsync("probe end");
            Probe end = Probe.Parse(await host.WaitForLineAsync("probe end ", within: Long));
            List<int> zombies = [.. Directory.EnumerateDirectories("/proc")
                .Select(d => int.TryParse(Path.GetFileName(d), out int pid) ? pid : 0)
                .Where(pid => pid > 0 && ProcFs.Stat(pid) is { } stat && stat.Parent == host.Pid && stat.State == 'Z')];

            host.Signal(Posix.SIGTERM);
            int exitCode = await host.WaitForExitAsync();

            Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{host.Output}");
            Assert.Empty(zombies);
            AssertFlat(start, end);
            Figures.Report("R9", $"{runs:N0} child restarts (/bin/sh): at {warmup} {start}; at {runs:N0} {end}; zombies 0");
        }
        finally
        {
            File.Delete(counter);
        }
    }

    private static void AssertFlat(Probe start, Probe end)
    {
        Assert.True(end.Fds <= start.Fds + 4, $"fds {start.Fds} → {end.Fds}");
        Assert.True(end.Threads <= start.Threads + 4, $"threads {start.Threads} → {end.Threads}");
        Assert.True(end.Managed <= start.Managed + (4 << 20), $"managed {start.Managed} → {end.Managed}");
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : fallback;

    [GeneratedRegex(@"fds=(\d+) threads=(\d+) managed=(\d+) ws=(\d+) peakws=(\d+)")]
    private static partial Regex Figures_();

    private sealed record Probe(TimeSpan At, int Fds, int Threads, long Managed, long WorkingSet, long PeakWorkingSet)
    {
        public static Probe Parse(HostRun.Line line)
        {
            Match m = Figures_().Match(line.Text);
            Assert.True(m.Success, line.Text);
            return new Probe(
                line.At,
                int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
                int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
                long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture),
                long.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture),
                long.Parse(m.Groups[5].Value, CultureInfo.InvariantCulture));
        }

        public override string ToString() =>
            $"fds {Fds}, threads {Threads}, managed {Fakes.Figures.MiB(Managed)}, working set {Fakes.Figures.MiB(WorkingSet)} (peak {Fakes.Figures.MiB(PeakWorkingSet)})";
    }
}
