// The code of README.md's sections, compiled so that the README cannot rot.
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Supervision.Docs.Snippets;

internal static class QuickStart
{
    public static void ChildProcesses(HostApplicationBuilder builder)
    {
        builder.AddChildProcessType("web", "node", ["server.js"], o => o.Count = 2);   // no shell: arguments reach node verbatim
        builder.AddProcfile("Procfile");                                               // Foreman: each line through /bin/sh -c, .env beside it
    }

    public static async Task ExportAsync(HostApplicationBuilder builder)
    {
        using IHost host = builder.Build();
        await host.ExportFormationAsync(FormationExportFormat.Systemd, "deploy/", new FormationExportOptions { AppName = "shop" });   // or Procfile, Kubernetes
    }
}

sealed class QueueWorker(ILogger<QueueWorker> logger) : IProcess    // a fresh instance from a fresh DI scope on every (re)start
{
    public async Task RunAsync(ProcessContext context, CancellationToken stoppingToken)
    {
        logger.LogInformation("{Name} takes jobs", context.Name);   // context.Name is "worker.3"
        await Task.Delay(Timeout.Infinite, stoppingToken);
    }
}

sealed class Clock : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
}
