using System.Diagnostics;
using System.Globalization;
using Supervision.Testing;

namespace Supervision.Benchmarks;

/// <summary>
/// B8, a console mode: three instances of a server that takes ~200 ms to listen, a retrying client sending GETs
/// round-robin (<see cref="RequestLoop"/>), and a rolling restart; failed requests (after the retry) and how long the
/// restart took. Supervision with Readiness Tcp (with and without MinReady) and with None, and PM2's <c>reload</c> in fork mode (with
/// <c>wait_ready</c> one at a time, and its defaults) when <c>pm2</c> is on PATH, in the same run. Goal: 0 failed
/// requests with Readiness Tcp and MinReady. <c>--smoke</c>: one round, Supervision only.
/// </summary>
internal static class RollingRestart
{
    private const int Clients = 4;
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ListenTimeout = TimeSpan.FromMinutes(1);

    public static async Task<int> RunAsync(bool smoke, int? rounds)
    {
        rounds ??= smoke ? 1 : 3;
        string directory = Directory.CreateTempSubdirectory("b8-").FullName;
        try
        {
            SlowStartServer server = await SlowStartServer.CreateAsync(directory);
            List<RollingContender> contenders =
            [
                new("supervision-minready", $"Supervision, Readiness Tcp (Interval {SupervisedRolling.ProbeInterval.TotalMilliseconds:F0} ms), MinReady {SupervisedRolling.MinReady.TotalMilliseconds:F0} ms", ports => new SupervisedRolling(server, ports, ReadinessProbe.Tcp, SupervisedRolling.MinReady)),
                new("supervision-tcp", $"Supervision, Readiness Tcp (Interval {SupervisedRolling.ProbeInterval.TotalMilliseconds:F0} ms)", ports => new SupervisedRolling(server, ports, ReadinessProbe.Tcp)),
                new("supervision-none", "Supervision, Readiness None", ports => new SupervisedRolling(server, ports, ReadinessProbe.None)),
            ];
            if (smoke)
            {
                Console.WriteLine("B8 smoke: Supervision only, one round (PM2 rows: full mode with pm2 on PATH)");
            }
            else if (Shell.Exists("pm2"))
            {
                contenders.Add(new("pm2-ready", "PM2 `reload --parallel 1`, `wait_ready` + `listen_timeout` 10 s", ports => new Pm2Rolling(server, ports, directory, "ready", waitReady: true, parallel: 1)));
                contenders.Add(new("pm2-default", "PM2 `reload`, its defaults (no `wait_ready`, 2 at a time)", ports => new Pm2Rolling(server, ports, directory, "default", waitReady: false, parallel: null)));
            }
            else
            {
                Console.WriteLine("B8: pm2 not on PATH, PM2 rows skipped (benchmarks/external/rolling.sh installs it)");
            }

            Console.WriteLine($"B8: 3 instances of a Python HTTP server that listens ~200 ms after it starts ({server.Interpreter}); {Clients} client loops, GET round-robin, retry once on the next instance; {rounds} rolling restart(s) per row");
            Console.WriteLine("| contender | requests | first try failed (retried) | failed after retry | failed | restart, median (ms) | all 3 listening again, median (ms) | restart vs the first row |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            var results = new List<string>();
            double? reference = null;
            bool met = true;
            foreach (RollingContender contender in contenders)
            {
                int[] ports = LoopbackPorts.FreeConsecutive(3);
                var measured = new List<RollingRound>();
                string note = "";
                await using (IRollingFormation formation = contender.Create(ports))
                {
                    await formation.StartAsync();
                    await LocalPorts.WaitListeningAsync(ports, ListenTimeout);
                    for (int round = 0; round < rounds; round++)
                    {
                        measured.Add(await MeasureAsync(formation, ports));
                    }

                    if (formation is Pm2Rolling pm2)
                    {
                        TimeSpan cli = await pm2.CliOverheadAsync();
                        note = string.Create(CultureInfo.InvariantCulture, $" (of which the CLI itself ~{cli.TotalMilliseconds:F0} ms)");
                    }
                }

                RequestCounts total = measured.Aggregate(default(RequestCounts), static (sum, r) => new(sum.Total + r.Requests.Total, sum.Retried + r.Requests.Retried, sum.Failed + r.Requests.Failed));
                double restart = Percentiles.Of(measured.Select(static r => r.RestartMs)).P50;
                double listening = Percentiles.Of(measured.Select(static r => r.ListeningAgainMs)).P50;
                reference ??= restart;
                met &= contender.Key != "supervision-minready" || total.Failed == 0;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {contender.Name} | {total.Total} | {total.Retried} | {total.Failed} | {100.0 * total.Failed / Math.Max(1, total.Total):F2} % | {restart:F0}{note} | {listening:F0} | {restart / reference:F2}× |"));
                foreach (IGrouping<string, KeyValuePair<string, int>> why in measured.SelectMany(static r => r.Failures).GroupBy(static f => f.Key))
                {
                    results.Add($"why rolling.{contender.Key}: {why.Sum(static f => f.Value)} × {why.Key}");
                }

                results.Add(string.Create(CultureInfo.InvariantCulture, $"result rolling.{contender.Key} requests {total.Total} retried {total.Retried} failed {total.Failed} restart_ms {string.Join(',', measured.Select(static r => r.RestartMs.ToString("F0", CultureInfo.InvariantCulture)))} listening_again_ms {string.Join(',', measured.Select(static r => r.ListeningAgainMs.ToString("F0", CultureInfo.InvariantCulture)))}"));
            }

            Console.WriteLine($"goal: 0 failed requests after the retry with Readiness Tcp and MinReady: {(met ? "met" : "MISSED")}");
            results.ForEach(Console.WriteLine);
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// One rolling restart under the request loop: the requests from the restart's start until all three listen again
    /// and <see cref="Settle"/> more, after <see cref="Settle"/> of load before it.
    /// </summary>
    private static async Task<RollingRound> MeasureAsync(IRollingFormation formation, int[] ports)
    {
        await using RequestLoop loop = RequestLoop.Start(ports, Clients);
        await Task.Delay(Settle);
        RequestCounts before = loop.Counts;
        long from = Stopwatch.GetTimestamp();
        await formation.RestartAsync();
        double restart = Stopwatch.GetElapsedTime(from).TotalMilliseconds;
        await LocalPorts.WaitListeningAsync(ports, ListenTimeout);
        double listening = Stopwatch.GetElapsedTime(from).TotalMilliseconds;
        await Task.Delay(Settle);
        return new RollingRound(loop.Counts.Since(before), restart, listening, new Dictionary<string, int>(loop.Failures));
    }
}
