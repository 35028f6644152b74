// A worker service with two supervised process types, configured in appsettings.json:
// "clock", an ordinary BackgroundService, and "worker", an IProcess that crashes every few seconds
// so the console shows restarts and backoff. Ctrl+C or SIGTERM stops both and exits with code 0.
using WorkerSample;

HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
builder.AddProcessType<ClockService>("clock");
builder.AddProcessType<FlakyWorker>("worker");

using IHost host = builder.Build();
await host.RunAsync();
