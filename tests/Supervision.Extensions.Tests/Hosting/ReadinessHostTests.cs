using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Supervision.Extensions.Tests.Fakes;

namespace Supervision.Extensions.Tests.Hosting;

/// <summary>Readiness on a real host, configured from configuration: the next type and the host's start wait for it.</summary>
public sealed class ReadinessHostTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task A_type_registered_after_one_that_reports_ready_after_800_ms_starts_no_earlier_and_so_does_the_host()
    {
        HostApplicationBuilder builder = TestHosts.Builder(("Supervision:ProcessTypes:db:Readiness:Probe", "Signal"));
        builder.Services.AddSingleton<Clock>();
        builder.AddProcessType<SlowToBeReady>("db");
        builder.AddProcessType<StartRecorder>("api");
        using IHost host = builder.Build();
        Clock clock = host.Services.GetRequiredService<Clock>();

        await host.StartAsync(TestContext.Current.CancellationToken);
        TimeSpan hostStarted = clock.Watch.Elapsed;
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.True(clock.ApiStarted >= clock.DbReady, $"api started at {clock.ApiStarted}, db ready at {clock.DbReady}");
        Assert.True(clock.DbReady >= TimeSpan.FromMilliseconds(750), $"db ready at {clock.DbReady}");   // .NET timers may fire a coarse tick early
        Assert.True(hostStarted >= clock.DbReady, $"host started at {hostStarted}, db ready at {clock.DbReady}");
    }

    public sealed class Clock
    {
        public Stopwatch Watch { get; } = Stopwatch.StartNew();

        public TimeSpan DbReady { get; set; }

        public TimeSpan ApiStarted { get; set; }
    }

    public sealed class SlowToBeReady(Clock clock) : IProcess
    {
        public async Task RunAsync(ProcessContext context, CancellationToken stoppingToken)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(800), stoppingToken);
            clock.DbReady = clock.Watch.Elapsed;
            context.ReportReady();
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
    }

    public sealed class StartRecorder(Clock clock) : IProcess
    {
        public Task RunAsync(ProcessContext context, CancellationToken stoppingToken)
        {
            clock.ApiStarted = clock.Watch.Elapsed;
            return Task.Delay(Timeout.Infinite, stoppingToken);
        }
    }
}
