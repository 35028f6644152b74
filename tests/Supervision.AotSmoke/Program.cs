// A Native AOT host for the smoke run of AotSmokeTests (tests/Supervision.EndToEnd): one in-process type that fails
// its first run and is restarted, and one child type from configuration (bound by the source-generated binder).
// Its child is given with --Supervision:ProcessTypes:kid:Command=... on the command line.
using Microsoft.Extensions.Hosting;
using Supervision;

HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
builder.AddProcessType<FailsOnce>("worker", static o => o.Backoff.Initial = TimeSpan.FromMilliseconds(50));

using IHost host = builder.Build();
await host.RunAsync();

/// <summary>Throws in its first run; runs until stopped from then on.</summary>
internal sealed class FailsOnce : IProcess
{
    public Task RunAsync(ProcessContext context, CancellationToken stoppingToken) =>
        context.RestartCount == 0
            ? throw new InvalidOperationException("the first run fails, so that the supervisor restarts it")
            : Task.Delay(Timeout.Infinite, stoppingToken);
}
