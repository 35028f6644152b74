using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Supervision.Benchmarks;

// Modes:
//   [--smoke] [BenchmarkDotNet arguments]   B1 and B2, e.g. --filter '*Restart*'; --smoke runs each once in-process
//   storm [--smoke] [--no-probes]            B6 crash storm: thread-pool queue, timer lateness, backoff accuracy
//                                            (--no-probes: backoff accuracy alone, no measuring threads)
//   alloc [--smoke]                          the supervisor's own bytes per restart and per instance, by type
//   forward [--smoke]                        B4 forwarding 1,000,000 child output lines: raw loop, Log, Prefix
//   forward-case NAME LINES RUNS             one B4 contender in this process (forward runs each this way)
//   stop [--smoke]                           B5 stopping 100 children on SIGTERM, by hand and supervised
//   rolling [--smoke] [--rounds N]           B8 failed requests during a rolling restart: Readiness Tcp, None, PM2 reload
bool smoke = args.Contains("--smoke");
string[] rest = [.. args.Where(static a => a != "--smoke")];
return rest switch
{
    ["storm", ..] => await CrashStorm.RunAsync(smoke, probes: !rest.Contains("--no-probes")),
    ["alloc", ..] => await AllocationReport.RunAsync(smoke),
    ["forward", ..] => await LineForwarding.RunAsync(smoke),
    ["forward-case", string name, string lines, string runs] => await ForwardingCase.RunAsync(name, long.Parse(lines, System.Globalization.CultureInfo.InvariantCulture), int.Parse(runs, System.Globalization.CultureInfo.InvariantCulture)),
    ["stop", ..] => await StopFormation.RunAsync(smoke),
    ["rolling", "--rounds", string n, ..] => await RollingRestart.RunAsync(smoke, int.Parse(n, System.Globalization.CultureInfo.InvariantCulture)),
    ["rolling", ..] => await RollingRestart.RunAsync(smoke, rounds: null),
    _ => RunBenchmarks(rest, smoke ? BenchmarkJobs.Smoke() : BenchmarkJobs.Full()),
};

static int RunBenchmarks(string[] args, IConfig config)
{
    IEnumerable<Summary> summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);

    // Non-zero when nothing ran or anything failed, so that a script running the suite can tell.
    List<Summary> all = [.. summaries];
    bool failed = all.Count == 0 || all.Any(static s => s.HasCriticalValidationErrors || s.Reports.Length == 0 || s.Reports.Any(static r => !r.Success));
    return failed ? 1 : 0;
}
