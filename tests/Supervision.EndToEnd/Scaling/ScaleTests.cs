using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Supervision.EndToEnd.Fakes;

namespace Supervision.EndToEnd.Scaling;

/// <summary>R8: scaling up and down, again and again, while instances crash: the final formation is exact and nothing leaks.</summary>
public sealed class ScaleTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task R8_live_scale_up_and_down_while_instances_crash_ends_with_the_exact_formation_and_no_leaked_instance()
    {
        string marker = "r8-" + Guid.NewGuid().ToString("N");
        var live = new LiveWorkers();
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(live);
        builder.AddProcessType<CrashingWorker>("crashy", o => Fast(o.Backoff));
        builder.AddChildProcessType("kid", "/bin/sh", ["-c", "sleep 0.05; exit 1", marker], o => Fast(o.Backoff));
        builder.Services.AddSupervision(o => o.MaxRestarts = -1);
        using IHost host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        ISupervisor supervisor = host.Services.GetRequiredService<ISupervisor>();

        var random = new Random(8);
        int scales = 0;
        for (int round = 0; round < 40; round++)
        {
            await Task.WhenAll(
                supervisor.ScaleAsync("crashy", random.Next(0, 7), TestContext.Current.CancellationToken),
                supervisor.ScaleAsync("kid", random.Next(0, 5), TestContext.Current.CancellationToken)).WaitAsync(TestTimeouts.Wait);
            scales += 2;
        }

        await supervisor.ScaleAsync("crashy", 3, TestContext.Current.CancellationToken).WaitAsync(TestTimeouts.Wait);
        await supervisor.ScaleAsync("kid", 2, TestContext.Current.CancellationToken).WaitAsync(TestTimeouts.Wait);

        // Watch 30 more starts: only instances of the final formation come back.
        using var watching = new CancellationTokenSource(TestTimeouts.Wait);
        var started = new List<SupervisionEvent>();
        await foreach (SupervisionEvent e in supervisor.WatchAsync(watching.Token))
        {
            if (e.Kind == SupervisionEventKind.Started && started.Count < 30)
            {
                started.Add(e);
                // Counted by process group: a shell's fork shows the shell's command line until it execs.
                Assert.True(ProcFs.WithMarker(marker).Select(pid => ProcFs.Stat(pid)?.Group).Distinct().Count() <= 2, "more kid process groups than kid instances");
                Assert.InRange(live.Count, 0, 3);
            }

            if (started.Count == 30)
            {
                break;
            }
        }

        SupervisorStatus status = supervisor.GetStatus();
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.All(started, e => Assert.InRange(e.Instance, 1, e.TypeName == "kid" ? 2 : 3));
        Assert.Equal(["crashy.1", "crashy.2", "crashy.3"], status.ProcessTypes.Single(t => t.Name == "crashy").Instances.Select(i => i.Name));
        Assert.Equal(["kid.1", "kid.2"], status.ProcessTypes.Single(t => t.Name == "kid").Instances.Select(i => i.Name));
        Assert.Equal(0, live.Count);
        Assert.Empty(ProcFs.WithMarker(marker));
        int restarts = status.ProcessTypes.SelectMany(t => t.Instances).Sum(i => i.Restarts);
        Figures.Report("R8", $"{scales} live scales (0–6 in-process, 0–4 child) while every instance crashes within 50 ms: final formation crashy=3, kid=2 exact, {restarts} restarts of the final instances, 0 leaked workers or processes");
    }

    private static void Fast(BackoffOptions backoff)
    {
        backoff.Initial = TimeSpan.FromMilliseconds(5);
        backoff.Max = TimeSpan.FromMilliseconds(20);
    }

    /// <summary>How many worker runs are live right now.</summary>
    internal sealed class LiveWorkers
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Enter() => Interlocked.Increment(ref _count);

        public void Leave() => Interlocked.Decrement(ref _count);
    }

    /// <summary>Crashes within 20 ms, or stops when asked.</summary>
    internal sealed class CrashingWorker(LiveWorkers live) : IProcess
    {
        public async Task RunAsync(ProcessContext context, CancellationToken stoppingToken)
        {
            live.Enter();
            try
            {
                await Task.Delay(Random.Shared.Next(1, 20), stoppingToken);
                throw new InvalidOperationException(context.Name + " crashed");
            }
            finally
            {
                live.Leave();
            }
        }
    }
}
