using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Supervision.Benchmarks;

// Modes:
//   [--smoke] [BenchmarkDotNet arguments]   B1 and B2, e.g. --filter '*Restart*'; --smoke runs each once in-process
//   storm [--smoke]                          B6 crash storm: thread-pool queue, timer lateness, backoff accuracy
//   alloc [--smoke]                          the supervisor's own bytes per restart and per instance, by type
bool smoke = args.Contains("--smoke");
string[] rest = [.. args.Where(static a => a != "--smoke")];
return rest switch
{
    ["storm", ..] => await CrashStorm.RunAsync(smoke),
    ["alloc", ..] => await AllocationReport.RunAsync(smoke),
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
