using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Supervision.Extensions.Tests.Fakes;

namespace Supervision.Extensions.Tests.Health;

/// <summary>Readiness and liveness as separate checks, tagged so that an endpoint per Kubernetes probe can pick its own.</summary>
public sealed class ReadinessHealthCheckTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task The_ready_check_fails_until_the_formation_is_ready_while_the_live_check_passes_throughout()
    {
        HostApplicationBuilder builder = TestHosts.Builder(("Supervision:ProcessTypes:db:Readiness:Probe", "Signal"));
        builder.Services.AddSingleton<Gate>();
        builder.Services.AddHealthChecks().AddSupervision().AddSupervisionReadiness().AddSupervisionLiveness();
        builder.AddProcessType<ReadyWhenOpened>("db");
        using IHost host = builder.Build();
        HealthCheckService health = host.Services.GetRequiredService<HealthCheckService>();
        Gate gate = host.Services.GetRequiredService<Gate>();

        Task started = host.StartAsync(TestContext.Current.CancellationToken);
        await gate.Running.Task.WaitAsync(TestTimeouts.Wait, TestContext.Current.CancellationToken);
        HealthReport starting = await health.CheckHealthAsync(r => r.Tags.Contains("ready"), TestContext.Current.CancellationToken);
        HealthReport live = await health.CheckHealthAsync(r => r.Tags.Contains("live"), TestContext.Current.CancellationToken);
        gate.Open.SetResult();
        await started.WaitAsync(TestTimeouts.Wait, TestContext.Current.CancellationToken);
        HealthReport ready = await health.CheckHealthAsync(r => r.Tags.Contains("ready"), TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);
        HealthReport stopped = await health.CheckHealthAsync(r => r.Tags.Contains("ready"), TestContext.Current.CancellationToken);

        Assert.Equal(["supervision-ready"], starting.Entries.Keys);
        Assert.Equal(HealthStatus.Unhealthy, starting.Status);
        Assert.Contains("db 0/1 ready", starting.Entries["supervision-ready"].Description, StringComparison.Ordinal);
        Assert.Equal(["supervision-live"], live.Entries.Keys);
        Assert.Equal(HealthStatus.Healthy, live.Status);
        Assert.Equal(HealthStatus.Healthy, ready.Status);
        Assert.Equal("db 1/1 ready", ready.Entries["supervision-ready"].Description);
        Assert.Equal(HealthStatus.Unhealthy, stopped.Status);
    }

    public sealed class Gate
    {
        public TaskCompletionSource Running { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public sealed class ReadyWhenOpened(Gate gate) : IProcess
    {
        public async Task RunAsync(ProcessContext context, CancellationToken stoppingToken)
        {
            gate.Running.TrySetResult();
            await gate.Open.Task.WaitAsync(stoppingToken);
            context.ReportReady();
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
    }
}
