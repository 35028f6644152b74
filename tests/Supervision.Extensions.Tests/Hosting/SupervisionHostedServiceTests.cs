using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Supervision.Extensions.Tests.Fakes;

namespace Supervision.Extensions.Tests.Hosting;

[Collection(SharesProcessExitCode.Name)]
public sealed class SupervisionHostedServiceTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task StartAsync_ReturnsOnceEveryInitialInstanceIsRunning()
    {
        HostApplicationBuilder builder = TestHosts.Builder(("Supervision:Formation", "idle=3"));
        builder.Services.AddSingleton<RunLog>();
        builder.AddProcessType<IdleWorker>("idle");
        using IHost host = builder.Build();

        await host.StartAsync();

        SupervisorStatus status = host.Status();
        Assert.Equal(SupervisorState.Running, status.State);
        Assert.Equal(["idle.1", "idle.2", "idle.3"], status.ProcessTypes.Single().Instances.Select(i => i.Name));
        Assert.All(status.ProcessTypes.Single().Instances, i => Assert.Equal(InstanceState.Running, i.State));
        await host.StopAsync();
        Assert.All(host.Status().ProcessTypes.Single().Instances, i => Assert.Equal(InstanceState.Stopped, i.State));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task EachRestart_GetsAFreshScope_SoAScopedDependencyDiffers()
    {
        HostApplicationBuilder builder = TestHosts.Builder(("Supervision:MaxRestarts", "-1"), ("Supervision:ProcessTypes:scoped:Backoff:Initial", "00:00:00"));
        builder.Services.AddSingleton<RunLog>().AddScoped<ScopedThing>();
        builder.AddProcessType<ScopeRecordingWorker>("scoped");
        using IHost host = builder.Build();
        RunLog log = host.Services.GetRequiredService<RunLog>();

        await host.StartAsync();
        await log.WaitForAsync(3);
        await host.StopAsync();

        Assert.Equal(log.Entries.Count, log.Entries.Distinct().Count());
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task BackgroundServiceSubclass_IsSupervisedAndRestartedLikeAnIProcess()
    {
        HostApplicationBuilder builder = TestHosts.Builder(("Supervision:ProcessTypes:background:Backoff:Initial", "00:00:00"));
        builder.Services.AddSingleton<RunLog>();
        builder.AddProcessType<FlakyBackgroundService>("background");
        using IHost host = builder.Build();
        RunLog log = host.Services.GetRequiredService<RunLog>();

        await host.StartAsync();
        await log.WaitForAsync(3);
        ProcessInstanceStatus instance = host.Status().ProcessTypes.Single().Instances.Single();
        Assert.Equal(2, instance.Restarts);
        Assert.Equal("background service crashed", instance.LastExit!.Value.Exception!.Message);

        await host.StopAsync();
        Assert.Equal(["execute", "execute", "execute", "stopped"], log.Entries);
        Assert.Equal(ExitReason.Stopped, host.Status().ProcessTypes.Single().Instances.Single().LastExit!.Value.Reason);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task WorkerThatIgnoresItsToken_IsAbandonedAfterStopTimeout_AndTheHostStillStops()
    {
        HostApplicationBuilder builder = TestHosts.Builder(("Supervision:ProcessTypes:deaf:StopTimeout", "00:00:00.3"));
        builder.Services.AddSingleton<RunLog>();
        builder.AddProcessType<IdleWorker>("idle");
        builder.AddProcessType<DeafWorker>("deaf");
        using IHost host = builder.Build();
        await host.StartAsync();

        long started = Environment.TickCount64;
        await host.StopAsync();

        Assert.InRange(Environment.TickCount64 - started, 0, 10_000);
        SupervisorStatus status = host.Status();
        Assert.Equal(ExitReason.StopTimedOut, status.ProcessTypes[1].Instances[0].LastExit!.Value.Reason);
        Assert.Equal(ExitReason.Stopped, status.ProcessTypes[0].Instances[0].LastExit!.Value.Reason);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task Stop_IsBoundedByTheHostShutdownTimeout()
    {
        HostApplicationBuilder builder = TestHosts.Builder(("Supervision:ProcessTypes:deaf:StopTimeout", "00:05:00"));
        builder.Services.AddSingleton<RunLog>().Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(500));
        builder.AddProcessType<DeafWorker>("deaf");
        using IHost host = builder.Build();
        await host.StartAsync();

        long started = Environment.TickCount64;
        await host.StopAsync();

        Assert.InRange(Environment.TickCount64 - started, 0, 10_000);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task RootGivingUp_StopsTheApplicationWithANonZeroExitCode()
    {
        HostApplicationBuilder builder = TestHosts.Builder(
            ("Supervision:MaxRestarts", "2"),
            ("Supervision:ProcessTypes:crash:Backoff:Initial", "00:00:00"));
        builder.AddProcessType<CrashingWorker>("crash");
        using IHost host = builder.Build();
        IHostApplicationLifetime lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var stopping = new TaskCompletionSource();
        lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
        try
        {
            await host.StartAsync();
            await stopping.Task.WaitAsync(TestTimeouts.Wait);

            Assert.Equal(SupervisionHostingDefaults.NonZeroExitCode, Environment.ExitCode);
            Assert.Equal(SupervisorState.Fatal, host.Status().State);
            Assert.Equal(InstanceState.Fatal, host.Status().ProcessTypes.Single().Instances.Single().State);
        }
        finally
        {
            // The exit code is the test process's own; the test runner reports its result separately.
            Environment.ExitCode = 0;
            await host.StopAsync();
        }
    }
}
