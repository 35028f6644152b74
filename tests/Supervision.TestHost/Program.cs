// A real host for end-to-end tests. Pick the process types with --Supervision:Only=NAME and tune
// anything else with --Supervision:... on the command line.
using Microsoft.Extensions.Hosting;
using Supervision;

HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
builder.AddProcessType<AlwaysFails>("crasher", o => o.Backoff.Initial = TimeSpan.FromMilliseconds(50));
builder.AddProcessType<Sleeper>("sleeper");
using IHost host = builder.Build();
await host.RunAsync();

internal sealed class AlwaysFails : IProcess
{
    public Task RunAsync(ProcessContext context, CancellationToken stoppingToken) =>
        throw new InvalidOperationException($"{context.Name} always fails");
}

internal sealed class Sleeper : IProcess
{
    public Task RunAsync(ProcessContext context, CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
}
