// README.md, "Without a host": the core alone, no Generic Host, no configuration.
using Microsoft.Extensions.Logging;

namespace Supervision.Docs.Snippets;

internal static class CoreAlone
{
    public static async Task RunAsync(ILoggerFactory loggerFactory, CancellationToken stopping)
    {
        var builder = new SupervisorBuilder { LoggerFactory = loggerFactory };   // also TimeProvider, MeterFactory, Services
        builder.Options.Strategy = SupervisionStrategy.RestForOne;
        builder.Add(new ProcessTypeDefinition("ticker", _ => new Ticker()))
               .Add(new ProcessTypeDefinition("web", new ProcessTypeOptions { Command = "python3", Arguments = ["-m", "http.server"], Port = 8000 }));

        using Supervisor supervisor = builder.Build();
        await supervisor.StartAsync(stopping);
        await Task.WhenAny(supervisor.GaveUp, Task.Delay(Timeout.Infinite, stopping));   // gave up, or asked to stop
        await supervisor.StopAsync(CancellationToken.None);   // each instance within its StopTimeout
    }
}

internal sealed class Ticker : IProcess
{
    public async Task RunAsync(ProcessContext context, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            Console.WriteLine($"{context.Name} tick");
        }
    }
}
