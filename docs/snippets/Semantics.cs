// The code of docs/semantics.md.
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Supervision.Docs.Snippets;

internal static class Semantics
{
    public static void Groups(HostApplicationBuilder builder)
    {
        builder.Services.AddSupervision(o => o.Strategy = SupervisionStrategy.OneForOne)
            .AddProcessType<QueueWorker>("api")
            .AddProcessGroup("pipeline", g =>
            {
                g.Strategy = SupervisionStrategy.RestForOne;   // a reader failure restarts the writer too
                g.MaxRestarts = 3;
                g.AddProcessType<QueueWorker>("reader");
                g.AddProcessType<QueueWorker>("writer");
            });
    }

    public static async Task ControlAsync(ISupervisor supervisor, CancellationToken cancellationToken)
    {
        await supervisor.ScaleAsync("worker", 8, cancellationToken);          // highest numbers stop first when scaling down
        await supervisor.RestartAsync("worker", 3, cancellationToken);        // one instance: worker.3
        await supervisor.RestartAsync("worker", null, cancellationToken);     // rolling: one instance down at a time
        await foreach (SupervisionEvent e in supervisor.WatchAsync(cancellationToken))
        {
            Console.WriteLine($"{e.Timestamp:HH:mm:ss} {e.Kind} {e.Source} {e.Exit} {e.Delay}");
        }
    }

    public static async Task SignalAsync(ISupervisor supervisor, CancellationToken cancellationToken)
    {
        await supervisor.SignalAsync("worker", 3, "HUP", cancellationToken);     // to worker.3's process group
        await supervisor.SignalAsync("worker", null, "USR1", cancellationToken);  // to every running instance of worker
        IReadOnlyList<OutputLine> lines = supervisor.GetRecentOutput("worker", 3); // its last lines, oldest first
        Console.WriteLine(lines.Count);
    }

    public static async Task StopOnHangUpAsync(IHost host)
    {
        IHostApplicationLifetime lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;          // do not let the runtime end the process at once
            lifetime.StopApplication();     // the same graceful stop as SIGTERM
        });
        await host.RunAsync();
    }

    public static async Task ReadinessAsync(ProcessContext context, CancellationToken stoppingToken)
    {
        await WarmUpAsync(stoppingToken);
        context.ReportReady();              // Readiness:Probe Signal: the next types start now
        while (!stoppingToken.IsCancellationRequested)
        {
            await DoOneBatchAsync(stoppingToken);
            context.Heartbeat();            // Liveness:Probe Heartbeat: at least every Liveness:Timeout
        }
    }

    public static void ProbesOverHttp(WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddSupervisionReadiness()      // tag "ready": the formation is up, every type has a ready instance
            .AddSupervisionLiveness();      // tag "live": the tree has not given up
        WebApplication app = builder.Build();
        app.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = r => r.Tags.Contains("ready") });
        app.MapHealthChecks("/live", new HealthCheckOptions { Predicate = r => r.Tags.Contains("live") });
        app.Run();
    }

    public static Task ExportProbesAsync(IHost host) =>
        host.ExportFormationAsync(FormationExportFormat.Kubernetes, "deploy/", new FormationExportOptions
        {
            AppName = "shop",
            HealthPort = 8080,              // where the app serves /ready and /live in its container
            ReadinessPath = "/ready",       // readinessProbe and startupProbe of every type without a probe of its own
            LivenessPath = "/live",         // livenessProbe of the same
        });

    private static Task WarmUpAsync(CancellationToken cancellationToken) => Task.Delay(10, cancellationToken);

    private static Task DoOneBatchAsync(CancellationToken cancellationToken) => Task.Delay(10, cancellationToken);
}

public interface IImporter
{
    bool IsConfigured { get; }

    Task<int> ImportAsync(CancellationToken cancellationToken);
}

public sealed class ImportJob(IImporter importer) : IProcess
{
    public async Task RunAsync(ProcessContext context, CancellationToken stoppingToken)
    {
        if (!importer.IsConfigured)
        {
            throw new TerminateSupervisorTreeException("Importer:Url is missing");   // nothing a restart can repair
        }

        if (await importer.ImportAsync(stoppingToken) == 0)
        {
            throw new DoNotRestartException("nothing left to import");             // done for good
        }
    }
}
