using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Supervision.Extensions.Tests.Fakes;

namespace Supervision.Extensions.Tests.Registration;

public sealed class RegistrationTests
{
    [Fact(Timeout = TestTimeouts.Test)]
    public async Task AddProcessType_OnEveryBuilderKind_RegistersIntoOneTreeInCallOrder()
    {
        // An empty content root: the test folder holds the sample's appsettings.json.
        IHostBuilder hostBuilder = Host.CreateDefaultBuilder()
            .UseContentRoot(Directory.CreateTempSubdirectory().FullName)
            .ConfigureServices(s => s.AddSingleton<RunLog>())
            .AddProcessType<IdleWorker>("from-host-builder");
        hostBuilder.ConfigureServices(s => s.AddProcessType<IdleWorker>("from-services"));
        using IHost host = hostBuilder.Build();

        await host.StartAsync();
        SupervisorStatus status = host.Status();
        await host.StopAsync();

        Assert.Equal(["from-host-builder", "from-services"], status.ProcessTypes.Select(t => t.Name));
        Assert.Single(host.Services.GetServices<IHostedService>().OfType<SupervisionHostedService>());
    }

    [Fact]
    public void AddProcessType_OnHostApplicationBuilder_UsesTheKebabCaseClassNameByDefault()
    {
        HostApplicationBuilder builder = TestHosts.Builder();
        builder.AddProcessType<IdleWorker>();
        builder.AddProcessType<FlakyBackgroundService>();

        SupervisionRegistry registry = builder.Services.Select(d => d.ImplementationInstance).OfType<SupervisionRegistry>().Single();
        Assert.Equal(["idle-worker", "flaky-background-service"], registry.Types.Select(t => t.Name));
    }

    [Fact]
    public void AddProcessType_HostWithoutAClockOfItsOwn_SupervisesOnTheSystemClockWithPreciseTimers()
    {
        // The application still resolves the system clock; the tree runs on the same clock with the precise timer thread.
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = Directory.CreateTempSubdirectory().FullName });
        builder.AddProcessType<IdleWorker>();
        using IHost host = builder.Build();

        Assert.Same(TimeProvider.System, host.Services.GetRequiredService<TimeProvider>());
        Assert.Same(PreciseTimeProvider.Shared, host.Services.GetRequiredService<Supervisor>().Runtime.Time);
    }

    [Fact]
    public void AddProcessType_HostWithAClockOfItsOwn_SupervisesOnThatClock()
    {
        HostApplicationBuilder builder = TestHosts.Builder();
        TimeProvider time = builder.UseFakeTime();
        builder.AddProcessType<IdleWorker>();
        using IHost host = builder.Build();

        Assert.Same(time, host.Services.GetRequiredService<Supervisor>().Runtime.Time);
    }

    [Fact]
    public void AddProcessType_SameNameTwice_Throws()
    {
        var services = new ServiceCollection().AddProcessType<IdleWorker>("w");
        ArgumentException error = Assert.Throws<ArgumentException>(() => services.AddProcessType<DeafWorker>("W"));
        Assert.Contains("'W' is already registered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddProcessType_NeitherIProcessNorBackgroundService_Throws()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddProcessType<NotAWorker>());
        Assert.Contains("must implement IProcess or derive from BackgroundService", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("web.1")]
    [InlineData("a b")]
    [InlineData("")]
    public void AddProcessType_InvalidName_Throws(string name)
    {
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddProcessType<IdleWorker>(name));
    }

    [Fact(Timeout = TestTimeouts.Test)]
    public async Task AddProcessGroup_NestsTypesUnderTheGroup()
    {
        HostApplicationBuilder builder = TestHosts.Builder();
        builder.Services.AddSingleton<RunLog>();
        builder.Services.AddSupervision()
            .AddProcessType<IdleWorker>("first")
            .AddProcessGroup("pipeline", g => g.AddProcessType<IdleWorker>("reader").AddProcessGroup("sink", s => s.AddProcessType<IdleWorker>("writer")));
        using IHost host = builder.Build();

        await host.StartAsync();
        SupervisorStatus status = host.Status();
        await host.StopAsync();

        Assert.Equal([("first", null), ("reader", "pipeline"), ("writer", "sink")], status.ProcessTypes.Select(t => (t.Name, t.Group)));
    }
}
