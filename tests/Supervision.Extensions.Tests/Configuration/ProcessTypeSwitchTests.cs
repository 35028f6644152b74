using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Supervision.Extensions.Tests.Fakes;

namespace Supervision.Extensions.Tests.Configuration;

public sealed class ProcessTypeSwitchTests
{
    [Fact]
    public void Read_TakesEveryOccurrence_BothForms_AndCommaLists_WithoutDuplicates()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection([new("process-type", "clock")]).Build();

        List<string> names = ProcessTypeSwitch.Read(configuration, ["--process-type", "web", "--other", "x", "--process-type=worker,WEB", "--process-type"]);

        Assert.Equal(["web", "worker", "clock"], names);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task ProcessTypeKey_RunsOnlyThatType_AndAnUnknownNameFailsTheStartNamingTheSwitch()
    {
        HostApplicationBuilder builder = TestHosts.Builder(("process-type", "idle"));
        builder.Services.AddSingleton<RunLog>();
        builder.AddProcessType<IdleWorker>("idle");
        builder.AddProcessType<CrashingWorker>("crashing");
        using (IHost host = builder.Build())
        {
            await host.StartAsync();
            Assert.Equal(["idle"], host.Status().ProcessTypes.Select(t => t.Name));
            await host.StopAsync();
        }

        HostApplicationBuilder bad = TestHosts.Builder(("process-type", "idel"));
        bad.AddProcessType<IdleWorker>("idle");
        using IHost badHost = bad.Build();
        var exception = await Assert.ThrowsAnyAsync<Exception>(() => badHost.StartAsync());
        Assert.Contains("--process-type: unknown process type 'idel' (known: idle).", exception.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task TheMeter_ComesFromTheHostsMeterFactory()
    {
        HostApplicationBuilder builder = TestHosts.Builder(("Supervision:Formation", "idle=2"));
        builder.Services.AddSingleton<RunLog>();
        builder.AddProcessType<IdleWorker>("idle");
        using IHost host = builder.Build();
        using var instances = new MetricCollector<int>(host.Services.GetRequiredService<IMeterFactory>(), "Supervision", "supervision.instances");
        await host.StartAsync();

        instances.RecordObservableInstruments();

        Assert.Contains(instances.GetMeasurementSnapshot(), m => m.Value == 2 && m.Tags["supervision.type"] as string == "idle" && m.Tags["supervision.instance.state"] as string == "running");
        await host.StopAsync();
    }
}
