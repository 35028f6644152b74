using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace Supervision.Benchmarks;

/// <summary>
/// B6, a console mode: 1,000 supervised instances all fail at once, round after round, while an unrelated
/// periodic job runs. Reports the thread-pool queue length, how late that job wakes up (idle versus storm) and
/// how far each actual restart delay is from the backoff formula (no jitter, so the formula is exact). The job runs
/// twice: as a <c>Task.Delay</c> loop (what an application would write; late by the platform's 4 ms coarse timer
/// tick even when idle, so what the storm adds is the figure) and as a precise tick whose work runs on the pool (its
/// lateness is the pool's queueing, with no coarse-timer floor). With <c>probes: false</c> none of the measuring
/// threads runs (the job, its tick thread, the queue sampler): the backoff figures alone, without three more threads
/// competing for the same cores.
/// </summary>
internal static class CrashStorm
{
    private const int Instances = 1_000;
    private const double GoalMs = 5.0;
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(20);
    private const double Multiplier = 2.0;
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ProbePeriod = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan IdlePhase = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(bool smoke, bool probes)
    {
        // A small storm first, unmeasured, so that the measured one sees a warm process (JIT, timers), as a
        // long-running host would.
        if (await StormAsync(instances: 100, rounds: 2, report: false, probes) != 0)
        {
            return 1;
        }

        return await StormAsync(Instances, smoke ? 2 : 5, report: true, probes);
    }

    private static async Task<int> StormAsync(int instances, int rounds, bool report, bool probes)
    {
        var gate = new StormGate(instances, rounds);
        await using SupervisedTree tree = SupervisedTree.Create<StormWorker>(
            instances,
            static backoff =>
            {
                backoff.Initial = Initial;
                backoff.Multiplier = Multiplier;
                backoff.Max = Max;
                backoff.Jitter = 0;
            },
            services => services.AddSingleton(gate));

        var probe = new TimerLatenessProbe(ProbePeriod);
        var poolProbe = new ThreadPoolLatenessProbe(ProbePeriod);
        var sampler = new QueueLengthSampler();
        if (probes)
        {
            probe.Start();
            poolProbe.Start();
            sampler.Start();
        }

        await tree.StartAsync();
        await gate.AllStarted.WaitAsync(RoundTimeout);

        // Idle: the same probe with the formation up and quiet, to see what lateness this machine has anyway.
        long idleFrom = Stopwatch.GetTimestamp();
        await Task.Delay(IdlePhase);

        long stormFrom = Stopwatch.GetTimestamp();
        (int Gen0, int Gen1, int Gen2, TimeSpan Paused) gcBefore = GcCounts();
        for (int round = 1; round <= rounds; round++)
        {
            gate.ReleaseRound();
            try
            {
                await gate.AllStarted.WaitAsync(RoundTimeout);
            }
            catch (TimeoutException)
            {
                Console.Error.WriteLine($"storm: round {round} did not restart all {instances} instances within {RoundTimeout}");
                return 1;
            }
        }

        long stormTo = Stopwatch.GetTimestamp();
        (int Gen0, int Gen1, int Gen2, TimeSpan Paused) gcAfter = GcCounts();
        if (probes)
        {
            await probe.StopAsync();
            poolProbe.Stop();
            sampler.Stop();
        }

        if (!report)
        {
            return 0;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"B6 crash storm: {instances} instances failing at once, {rounds} rounds, backoff Initial {Initial.TotalMilliseconds} ms x {Multiplier} (Max {Max.TotalMilliseconds} ms, no jitter), {Environment.ProcessorCount} cores{(probes ? "" : ", no probes")}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"storm lasted {Stopwatch.GetElapsedTime(stormFrom, stormTo).TotalMilliseconds:F0} ms"));
        Console.WriteLine();
        Console.WriteLine("restart delay minus formula, ms (per instance; early counts as much as late)");
        double worstBackoff = 0;
        double worstBare = 0;
        for (int restart = 1; restart <= rounds; restart++)
        {
            double formulaMs = Math.Min(Max.TotalMilliseconds, Initial.TotalMilliseconds * Math.Pow(Multiplier, restart - 1));
            double[] offMs = [.. gate.RestartDelaysMs(restart).ToArray().Select(d => d - formulaMs)];
            double[] bareOffMs = await BareTimerBurst.OffMsAsync(instances, TimeSpan.FromMilliseconds(formulaMs));
            worstBackoff = Math.Max(worstBackoff, offMs.Max(Math.Abs));
            worstBare = Math.Max(worstBare, bareOffMs.Max(Math.Abs));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  restart {restart} (formula {formulaMs,6:F0} ms): {Percentiles.Of(offMs)}  worst |off| {offMs.Max(Math.Abs),6:F2}  over the goal: {offMs.Count(static off => Math.Abs(off) >= GoalMs)}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    baseline, {instances} bare timers:    {Percentiles.Of(bareOffMs)}  worst |off| {bareOffMs.Max(Math.Abs),6:F2}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"garbage collections during the storm: gen0 {gcAfter.Gen0 - gcBefore.Gen0}, gen1 {gcAfter.Gen1 - gcBefore.Gen1}, gen2 {gcAfter.Gen2 - gcBefore.Gen2}; paused {(gcAfter.Paused - gcBefore.Paused).TotalMilliseconds:F2} ms in all"));
        if (!probes)
        {
            Console.WriteLine();
            Console.WriteLine(Goal("restart delay off the formula, worst instance", worstBackoff));
            return 0;
        }

        Percentiles idleLate = Percentiles.Of(probe.LatenessMs(idleFrom, stormFrom));
        Percentiles stormLate = Percentiles.Of(probe.LatenessMs(stormFrom, stormTo));
        Percentiles idlePool = Percentiles.Of(poolProbe.StartLatenessMs(idleFrom, stormFrom));
        Percentiles stormPool = Percentiles.Of(poolProbe.StartLatenessMs(stormFrom, stormTo));
        Percentiles idleTick = Percentiles.Of(poolProbe.TickLatenessMs(idleFrom, stormFrom));
        Percentiles stormTick = Percentiles.Of(poolProbe.TickLatenessMs(stormFrom, stormTo));
        Percentiles idleQueue = Percentiles.Of(sampler.Pending(idleFrom, stormFrom).Select(static p => (double)p));
        Percentiles stormQueue = Percentiles.Of(sampler.Pending(stormFrom, stormTo).Select(static p => (double)p));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"periodic job ({ProbePeriod.TotalMilliseconds} ms), Task.Delay loop: lateness, ms"));
        Console.WriteLine($"  idle:  {idleLate}");
        Console.WriteLine($"  storm: {stormLate}");
        Console.WriteLine($"  storm minus idle: {Added(stormLate, idleLate)}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"periodic job ({ProbePeriod.TotalMilliseconds} ms), precise tick, work on the thread pool: lateness of its start, ms"));
        Console.WriteLine($"  idle:  {idlePool}");
        Console.WriteLine($"  storm: {stormPool}");
        Console.WriteLine($"  storm minus idle: {Added(stormPool, idlePool)}");
        Console.WriteLine($"  of which the tick's own wake-up, idle:  {idleTick}");
        Console.WriteLine($"  of which the tick's own wake-up, storm: {stormTick}");
        Console.WriteLine("thread-pool pending work items (sampled every ~1 ms)");
        Console.WriteLine($"  idle:  {idleQueue}");
        Console.WriteLine($"  storm: {stormQueue}");
        Console.WriteLine($"thread-pool threads, most at once: idle {sampler.MaxThreads(idleFrom, stormFrom)}, storm {sampler.MaxThreads(stormFrom, stormTo)}");
        Console.WriteLine();
        Console.WriteLine(Goal("Task.Delay job, lateness the storm adds to idle, max", stormLate.Max - idleLate.Max));
        Console.WriteLine(Goal("precise-tick job on the pool, lateness during the storm, max", stormPool.Max));
        Console.WriteLine(Goal("restart delay off the formula, worst instance", worstBackoff));
        Console.WriteLine(Goal("the same for bare timers (the platform's floor)", worstBare));
        return 0;
    }

    // Collections and pause time: a pause stops every thread, a restart's first line included.
    private static (int Gen0, int Gen1, int Gen2, TimeSpan Paused) GcCounts() =>
        (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    private static string Added(Percentiles storm, Percentiles idle) =>
        string.Create(CultureInfo.InvariantCulture, $"p50 {storm.P50 - idle.P50:+0.00;-0.00;0.00}  p99 {storm.P99 - idle.P99:+0.00;-0.00;0.00}  max {storm.Max - idle.Max:+0.00;-0.00;0.00}");

    private static string Goal(string what, double ms) =>
        string.Create(CultureInfo.InvariantCulture, $"goal < {GoalMs} ms: {what} = {ms:F2} ms -> {(ms < GoalMs ? "met" : "missed")}");
}
