// A mixed supervisor tree: an in-process queue consumer, a child process web server (this same program run with
// "web") ready once it answers HTTP, an in-process client of it that starts only then, and a rest-for-one pipeline group; with a health check reported every few seconds and the Supervision
// meter printed by the OpenTelemetry console exporter.
using Microsoft.Extensions.Options;
using MixedTree;
using Supervision;
using OpenTelemetry.Metrics;

if (args is ["web", ..])
{
    return await WebServer.RunAsync();
}

HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSingleton<JobBoard>();
builder.Services.AddSupervision()
    .AddProcessType<JobProducer>("producer")
    .AddProcessType<JobConsumer>("consumer", o => o.Count = 2)
    .AddChildProcessType("web", Environment.ProcessPath!, WebServer.Arguments(), o =>
    {
        o.Count = 2;
        o.Readiness.Probe = ReadinessProbe.Http;         // ready once GET / answers 2xx or 3xx on its PORT
    })
    .AddProcessType<WebChecker>("checker", o =>
    {
        o.Liveness.Probe = LivenessProbe.Heartbeat;      // hung if a round of requests takes over 10 s
        o.Liveness.Timeout = TimeSpan.FromSeconds(10);
    })
    .AddProcessGroup("pipeline", g =>
    {
        g.Strategy = SupervisionStrategy.RestForOne;   // when the reader fails, the writer behind it restarts too
        g.AddProcessType<PipelineReader>("reader");
        g.AddProcessType<PipelineWriter>("writer");
    });
builder.Services.AddHealthChecks().AddSupervision();
builder.Services.AddHostedService<HealthReporter>();
builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
    .AddMeter("Supervision")
    .AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 5000));

using IHost host = builder.Build();
try
{
    // Bad configuration is one message per problem and exit code 1, before anything starts.
    _ = host.Services.GetRequiredService<IOptions<SupervisionOptions>>().Value;
}
catch (Exception exception) when (exception is OptionsValidationException or InvalidOperationException)
{
    Console.Error.WriteLine(exception is OptionsValidationException validation ? string.Join('\n', validation.Failures) : exception.Message);
    return 1;
}

await host.RunAsync();
return Environment.ExitCode;
