using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Supervision.Extensions.Tests.Fakes;

namespace Supervision.Extensions.Tests.Health;

[Collection(SharesProcessExitCode.Name)]
public sealed class SupervisionHealthCheckTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task AddSupervision_GoesHealthyThenDegradedInBackoffThenUnhealthyWhenTheTreeGivesUp()
    {
        HostApplicationBuilder builder = TestHosts.Builder(
            ("Supervision:MaxRestarts", "1"),
            ("Supervision:ProcessTypes:scripted:Backoff:Initial", "00:00:10"),
            ("Supervision:ProcessTypes:scripted:Backoff:Jitter", "0"));
        FakeTimeProvider time = builder.UseFakeTime();
        builder.Services.AddSingleton<ScriptedFailures>();
        builder.Services.AddHealthChecks().AddSupervision();
        builder.AddProcessType<ScriptedWorker>("scripted");
        using IHost host = builder.Build();
        HealthCheckService health = host.Services.GetRequiredService<HealthCheckService>();
        ScriptedFailures failures = host.Services.GetRequiredService<ScriptedFailures>();
        ISupervisor supervisor = host.Services.GetRequiredService<ISupervisor>();
        using var watching = new CancellationTokenSource(TestTimeouts.Wait);
        await using IAsyncEnumerator<SupervisionEvent> events = supervisor.WatchAsync(watching.Token).GetAsyncEnumerator(watching.Token);
        try
        {
            await host.StartAsync();
            Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);

            await failures.FailNextRunAsync();
            await NextAsync(events, SupervisionEventKind.Backoff);
            HealthReport degraded = await health.CheckHealthAsync();
            Assert.Equal(HealthStatus.Degraded, degraded.Status);
            Assert.Contains("scripted.1", degraded.Entries["supervision"].Description, StringComparison.Ordinal);

            time.Advance(TimeSpan.FromSeconds(10));
            await NextAsync(events, SupervisionEventKind.Started);
            Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);

            await failures.FailNextRunAsync();
            await NextAsync(events, SupervisionEventKind.GaveUp);
            await ((Supervisor)supervisor).GaveUp.WaitAsync(TestTimeouts.Wait);
            HealthReport unhealthy = await health.CheckHealthAsync();
            Assert.Equal(HealthStatus.Unhealthy, unhealthy.Status);
            Assert.Contains("gave up", unhealthy.Entries["supervision"].Description, StringComparison.Ordinal);
            await host.StopAsync();
        }
        finally
        {
            Environment.ExitCode = 0;
        }
    }

    private static async Task NextAsync(IAsyncEnumerator<SupervisionEvent> events, SupervisionEventKind kind)
    {
        while (await events.MoveNextAsync())
        {
            if (events.Current.Kind == kind)
            {
                return;
            }
        }

        Assert.Fail($"no {kind} event");
    }
}
