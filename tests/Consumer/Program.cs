using Supervision;

HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
builder.AddProcessType<Ticker>("ticker");
builder.AddChildProcessType("sleeper", "sleep", ["600"]);
using IHost host = builder.Build();
await host.RunAsync();

internal sealed class Ticker(ILogger<Ticker> logger) : IProcess
{
    public async Task RunAsync(ProcessContext context, CancellationToken stoppingToken)
    {
        logger.LogInformation("{Name} ticking", context.Name);
        await Task.Delay(Timeout.Infinite, stoppingToken);
    }
}
